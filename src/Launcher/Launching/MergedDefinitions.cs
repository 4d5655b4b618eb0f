using Launcher.Definitions;

namespace Launcher.Launching;

/// <summary>The result of <see cref="DefinitionMerger.Merge"/>.</summary>
/// <param name="Overlays">The winning definition per name, in first-declared order.</param>
/// <param name="Replaced">For each overridden name, the definitions it replaced (lowest precedence first).</param>
public sealed record MergedDefinitions(EquatableArray<OverlayDefinition> Overlays, IReadOnlyDictionary<string, IReadOnlyList<OverlayDefinition>> Replaced)
{
    /// <summary>Every catalogued launcher class with whether and why it contributed (see <see cref="LauncherSelection"/>); empty when unknown.</summary>
    public IReadOnlyList<LauncherChoice> Launchers { get; init; } = [];
}
