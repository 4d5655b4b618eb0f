using Launcher.Configuration;
using Launcher.Definitions;

namespace Launcher.Launching;

/// <summary>
/// An overlay definition resolved by <see cref="LauncherModelBuilder.Build"/>: every name resolved to a type, every
/// setting bound and validated, the launcher created, the <c>on_start</c> calls resolved, the key and the community id
/// decided. A host only creates instances from it and runs them.
/// </summary>
/// <param name="Definition">The merged definition.</param>
/// <param name="CommunityType">The community class to construct.</param>
/// <param name="CommunityId">The 20-byte community id: the configured <c>community_id</c>, else the class's own (<c>[CommunityId]</c>).</param>
/// <param name="Key">The key the overlay signs with.</param>
/// <param name="Settings">The <c>initialize</c> settings bound to <c>CommunitySettings</c>.</param>
/// <param name="Walkers">The strategies with their bound options and target peer counts.</param>
/// <param name="Bootstrappers">The bootstrappers with their bound options.</param>
/// <param name="Launcher">The launcher whose hooks run for this overlay (created through DI when the model was built), or null.</param>
/// <param name="OnStart">The <c>on_start</c> calls, resolved to methods of <paramref name="CommunityType"/>.</param>
public sealed record ResolvedOverlay(
    OverlayDefinition Definition,
    Type CommunityType,
    ReadOnlyMemory<byte> CommunityId,
    KeyDefinition Key,
    BoundSettings Settings,
    IReadOnlyList<ResolvedComponent> Walkers,
    IReadOnlyList<ResolvedComponent> Bootstrappers,
    CommunityLauncher? Launcher,
    IReadOnlyList<ResolvedCall> OnStart)
{
    /// <summary>Gets the overlay's name.</summary>
    public string Name => Definition.Name;
}
