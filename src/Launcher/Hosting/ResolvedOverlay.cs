using Launcher.Definitions;

namespace Launcher.Hosting;

/// <summary>An overlay definition whose names are resolved to types and whose settings are bound: everything
/// start-up needs, computed before anything is opened so a bad configuration fails with nothing half-started.</summary>
/// <param name="Definition">The merged definition.</param>
/// <param name="CommunityType">The community class to construct.</param>
/// <param name="Walkers">The strategies with their bound options and target peer counts.</param>
/// <param name="Bootstrappers">The bootstrappers with their bound options.</param>
/// <param name="Launcher">The launcher whose hooks run for this overlay (created through DI), or null.</param>
/// <param name="OnStart">The <c>on_start</c> calls, resolved to methods of <paramref name="CommunityType"/>.</param>
internal sealed record ResolvedOverlay(
    OverlayDefinition Definition,
    Type CommunityType,
    IReadOnlyList<ResolvedComponent> Walkers,
    IReadOnlyList<ResolvedComponent> Bootstrappers,
    Launching.CommunityLauncher? Launcher,
    IReadOnlyList<ResolvedCall> OnStart);

/// <summary>A component (its configured name and type) with its bound options (null when it takes none) and, for walkers, the target peer count.</summary>
internal sealed record ResolvedComponent(string Name, Type Type, object? Options, int TargetPeers, Origin Origin);
