namespace Launcher.Configuration;

/// <summary>
/// How <see cref="ConfigurationLoader"/> layers overrides on top of a configuration file. Layers apply in
/// this order, later winning: the file, <see cref="OverrideFiles"/>, environment variables starting with
/// <see cref="EnvironmentPrefix"/>, then <see cref="Overrides"/>.
/// </summary>
public sealed record ConfigurationLoadOptions
{
    /// <summary>The default environment-variable prefix.</summary>
    public const string DefaultEnvironmentPrefix = "LAUNCHER__";

    /// <summary>
    /// Prefix of environment variables that override settings; the rest of the name is the setting path with
    /// <c>__</c> between segments and array indexes as numbers, e.g.
    /// <c>LAUNCHER__overlays__0__initialize__max_peers=30</c>. Empty disables environment overrides.
    /// Default <c>LAUNCHER__</c>. Segments match existing keys case-insensitively.
    /// </summary>
    public string EnvironmentPrefix { get; init; } = DefaultEnvironmentPrefix;

    /// <summary>The environment to read; null reads the process environment (tests pass a dictionary).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>JSON files (read with Microsoft.Extensions.Configuration.Json) whose leaf values override the file's.</summary>
    public IReadOnlyList<string> OverrideFiles { get; init; } = [];

    /// <summary>Explicit overrides, keyed by configuration path with <c>:</c> separators (e.g. from the command line).</summary>
    public IReadOnlyDictionary<string, string> Overrides { get; init; } = new Dictionary<string, string>();
}
