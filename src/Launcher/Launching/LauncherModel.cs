using Launcher.Catalog;
using Launcher.Definitions;

namespace Launcher.Launching;

/// <summary>Everything a host needs to launch, resolved and validated (see <see cref="LauncherModelBuilder"/>).</summary>
/// <param name="Configuration">The effective configuration; its <c>Overlays</c> are the merged definitions.</param>
/// <param name="Catalog">The component catalog.</param>
/// <param name="Plugins">The loaded plugins.</param>
/// <param name="Merged">The merge of attribute, builder and file definitions.</param>
/// <param name="Plan">The launch order and why overlays are skipped.</param>
/// <param name="Overlays">The overlays to launch, resolved, in launch order (the plan's <c>Order</c>).</param>
public sealed record LauncherModel(
    LauncherConfiguration Configuration,
    ComponentCatalog Catalog,
    IReadOnlyList<LoadedPlugin> Plugins,
    MergedDefinitions Merged,
    LaunchPlan Plan,
    IReadOnlyList<ResolvedOverlay> Overlays)
{
    /// <summary>Gets the resolved <c>discovery</c> section, or null when the configuration has none.</summary>
    public ResolvedDiscovery? Discovery { get; init; }
}
