namespace Launcher.Definitions;

/// <summary>
/// A setting replaced by an override layer (an environment variable such as
/// <c>LAUNCHER__overlays__0__initialize__max_peers</c>, an overrides file or an explicit override).
/// </summary>
/// <param name="Path">The setting path, e.g. <c>overlays[0].initialize.max_peers</c>.</param>
/// <param name="Value">The raw text that was applied.</param>
/// <param name="Origin">Where the override came from.</param>
public sealed record ConfigurationOverride(string Path, string Value, Origin Origin);
