namespace Launcher.Definitions;

/// <summary>
/// A whole, validated configuration (py-ipv8's configuration dictionary plus our extensions). Produced by
/// <c>ConfigurationLoader</c> (files) and <c>ConfigBuilder</c>; equality ignores origins.
/// </summary>
public sealed record LauncherConfiguration
{
    /// <summary>py-ipv8's default walker interval (0.5 s).</summary>
    public static readonly TimeSpan DefaultWalkerInterval = TimeSpan.FromSeconds(0.5);

    /// <summary>Sockets to open.</summary>
    public EquatableArray<InterfaceDefinition> Interfaces { get; init; }

    /// <summary>Identities, by alias.</summary>
    public EquatableArray<KeyDefinition> Keys { get; init; }

    /// <summary>py-ipv8 log level name (CRITICAL, ERROR, WARNING, INFO, DEBUG, NOTSET). Default INFO.</summary>
    public string LogLevel { get; init; } = "INFO";

    /// <summary>Working directory (relative key files resolve against it). Default <c>.</c>.</summary>
    public string WorkingDirectory { get; init; } = ".";

    /// <summary>Pause after each tick of the walk loop (spec §8.1). Default 0.5 s.</summary>
    public TimeSpan WalkerInterval { get; init; } = DefaultWalkerInterval;

    /// <summary>Overlays, in declaration order (the launch order comes from <c>LaunchPlan</c>).</summary>
    public EquatableArray<OverlayDefinition> Overlays { get; init; }

    /// <summary>
    /// Gets whether this configuration lists its overlays (a file with an <c>overlays</c> section, even an empty
    /// one; a <c>ConfigBuilder</c> with at least one overlay). When any configuration lists overlays, that list
    /// is the whole set, as in py-ipv8: launcher classes contribute only when an entry names them (or they are
    /// marked <c>[AutoLaunch]</c>). Not part of equality.
    /// </summary>
    public bool ListsOverlays { get; init; }

    /// <summary>Our extension: plugin folders to scan (relative to the configuration file). Empty = the default <c>plugins/</c>.</summary>
    public EquatableArray<string> PluginFolders { get; init; }

    /// <summary>Our extension: a tracker to host in-process, or null.</summary>
    public TrackerDefinition? Tracker { get; init; }

    /// <summary>Our extension: the <c>connectivity:</c> section (pipe server, connection ladder, STUN, TURN), or null when absent.</summary>
    public ConnectivityDefinition? Connectivity { get; init; }

    /// <summary>Our extension: discovery by namespace (rendezvous points, a DiscoveryManager), or null.</summary>
    public DiscoveryDefinition? Discovery { get; init; }

    /// <summary>Our extension: where <c>launcher run</c> serves the REST API and dashboard (the <c>api:</c> section), or null for no API (unless <c>--api</c> is given).</summary>
    public ApiDefinition? Api { get; init; }

    /// <summary>
    /// Gets how many identical peers <c>launcher run</c> starts in this process (our extension, default 1).
    /// Each instance has its own endpoint and its own keys, so with more than one instance the interfaces
    /// should use port 0 and the keys should be ephemeral (a key file would be shared by every instance).
    /// </summary>
    public int Instances { get; init; } = 1;

    /// <summary>Settings replaced by override layers (environment variables, override files), for display.</summary>
    public EquatableArray<ConfigurationOverride> Overrides { get; init; }

    /// <summary>Where this configuration came from (the file, or <c>ConfigBuilder</c>).</summary>
    public Origin Origin { get; init; } = Origin.Defaults;

    /// <inheritdoc />
    public bool Equals(LauncherConfiguration? other) =>
        other is not null && Interfaces.Equals(other.Interfaces) && Keys.Equals(other.Keys) && LogLevel == other.LogLevel
        && WorkingDirectory == other.WorkingDirectory && WalkerInterval == other.WalkerInterval
        && Overlays.Equals(other.Overlays) && PluginFolders.Equals(other.PluginFolders) && Equals(Tracker, other.Tracker)
        && Instances == other.Instances && Equals(Connectivity, other.Connectivity) && Equals(Discovery, other.Discovery) && Equals(Api, other.Api);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(HashCode.Combine(Interfaces, Keys, LogLevel, WorkingDirectory, WalkerInterval, Overlays, PluginFolders, Tracker), Instances, Connectivity, Discovery, Api);
}
