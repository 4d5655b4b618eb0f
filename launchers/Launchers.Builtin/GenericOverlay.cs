using Ipv8.Communities;

namespace Launchers.Builtin;

/// <summary>
/// A pure-discovery overlay whose community id comes from configuration (<c>community_id</c>, 40 hex
/// digits): peers find each other in that namespace without any code of their own. It has only the base
/// community's messages (introductions and punctures).
/// </summary>
public sealed class GenericOverlay : Community
{
    /// <summary>Creates the overlay on <paramref name="settings"/>, whose community id is the configured one.</summary>
    /// <exception cref="ArgumentException">The community id is not 20 bytes.</exception>
    public GenericOverlay(CommunitySettings settings)
        : base(settings)
    {
    }
}
