using Ipv8.Bootstrapping;
using Ipv8.Communities;
using Ipv8.Discovery;
using Launcher.Definitions;

namespace Launcher.Hosting;

/// <summary>An overlay the host launched: its definition, the community and the components wired to it.</summary>
/// <param name="Definition">The definition it was launched from (with its origin).</param>
/// <param name="Community">The running community.</param>
/// <param name="Strategies">Its walk strategies with their target peer counts.</param>
/// <param name="Bootstrappers">Its bootstrappers.</param>
public sealed record RunningOverlay(
    OverlayDefinition Definition,
    Community Community,
    IReadOnlyList<(IDiscoveryStrategy Strategy, int TargetPeers)> Strategies,
    IReadOnlyList<IBootstrapper> Bootstrappers)
{
    /// <summary>Gets the overlay's name.</summary>
    public string Name => Definition.Name;

    /// <summary>Gets the overlay's warm-restart peer cache (its bootstrapper is in <see cref="Bootstrappers"/>); null without <see cref="OverlayHostOptions.PeerCache"/>.</summary>
    public Ipv8.Bootstrapping.PeerCacheBootstrapper? PeerCache { get; init; }
}
