using Launcher.Definitions;

namespace Launcher.Configuration;

/// <summary>
/// Turns a schema-validated <see cref="ConfigNode"/> tree into a <see cref="LauncherConfiguration"/>.
/// Missing top-level sections take py-ipv8's defaults (interfaces, keys, logger, walker interval, working
/// directory); missing <c>overlays</c> means none. Legacy <c>address</c>/<c>port</c> become a UDPIPv4 interface.
/// </summary>
internal static class ConfigurationBinder
{
    internal static readonly ObjectBinder<InterfaceDefinition> Interface = new("interface", new Dictionary<string, Func<InterfaceDefinition, ConfigNode, string, ErrorList, InterfaceDefinition>>
    {
        ["interface"] = (d, n, _, _) => n.Text() is { } v ? d with { Interface = v } : d,
        ["ip"] = (d, n, _, _) => n.Text() is { } v ? d with { Ip = v } : d,
        ["port"] = (d, n, _, _) => n.Int() is { } v ? d with { Port = v } : d,
        ["receive_workers"] = (d, n, _, _) => n.Int() is { } v ? d with { ReceiveWorkers = v } : d,
        ["receive_buffer"] = (d, n, _, _) => n.Int() is { } v ? d with { ReceiveBuffer = v } : d,
        ["receive_shards"] = (d, n, _, _) => n.Int() is { } v ? d with { ReceiveShards = v } : d,
    });

    internal static readonly ObjectBinder<KeyDefinition> Key = new("key", new Dictionary<string, Func<KeyDefinition, ConfigNode, string, ErrorList, KeyDefinition>>
    {
        ["alias"] = (d, n, _, _) => n.Text() is { } v ? d with { Alias = v } : d,
        ["generation"] = (d, n, _, _) => n.Text() is { } v ? d with { Generation = v } : d,
        ["file"] = (d, n, _, _) => n.Text() is { } v ? d with { File = v } : d,
        ["bin"] = (d, n, _, _) => n.Text() is { } v ? d with { Bin = v } : d,
        ["ephemeral"] = (d, n, _, _) => n.Bool() is { } v ? d with { Ephemeral = v } : d,
    });

    internal static readonly ObjectBinder<WalkerDefinition> Walker = new("walker", new Dictionary<string, Func<WalkerDefinition, ConfigNode, string, ErrorList, WalkerDefinition>>
    {
        ["strategy"] = (d, n, _, _) => n.Text() is { } v ? d with { Strategy = v } : d,
        ["peers"] = (d, n, _, _) => n.Int() is { } v ? d with { Peers = v } : d,
        ["init"] = (d, n, _, _) => d with { Init = n.Settings() },
    });

    internal static readonly ObjectBinder<BootstrapperDefinition> Bootstrapper = new("bootstrapper", new Dictionary<string, Func<BootstrapperDefinition, ConfigNode, string, ErrorList, BootstrapperDefinition>>
    {
        ["class"] = (d, n, _, _) => n.Text() is { } v ? d with { Class = v } : d,
        ["init"] = (d, n, _, _) => d with { Init = n.Settings() },
    });

    internal static readonly ObjectBinder<OverlayDefinition> Overlay = new("overlay", new Dictionary<string, Func<OverlayDefinition, ConfigNode, string, ErrorList, OverlayDefinition>>
    {
        ["class"] = (d, n, _, _) => n.Text() is { } v ? d with { Class = v } : d,
        ["name"] = (d, n, _, _) => n.Text() is { } v ? d with { Name = v } : d,
        ["launcher"] = (d, n, _, _) => n.Text() is { } v ? d with { Launcher = v } : d,
        ["key"] = (d, n, _, _) => n.Text() is { } v ? d with { Key = v } : d,
        ["walkers"] = (d, n, p, e) => d with { Walkers = n.List(p, (item, ip) => Walker.Bind(new() { Strategy = "", Origin = item.Origin }, item, ip, e)) },
        ["bootstrappers"] = (d, n, p, e) => d with { Bootstrappers = n.List(p, (item, ip) => Bootstrapper.Bind(new() { Class = "", Origin = item.Origin }, item, ip, e)) },
        ["initialize"] = (d, n, _, _) => d with { Initialize = n.Settings() },
        ["on_start"] = (d, n, p, _) => d with { OnStart = n.List(p, (item, _) => OnStartCallOf(item)) },
        ["after"] = (d, n, _, _) => d with { After = n.Strings() },
        ["conditions"] = (d, n, _, _) => d with { Conditions = n.Strings() },
        ["enabled"] = (d, n, _, _) => n.Bool() is { } v ? d with { Enabled = v } : d,
        ["community_id"] = (d, n, _, _) => n.Text() is { } v ? d with { CommunityId = v.ToLowerInvariant() } : d,
    });

    internal static readonly ObjectBinder<string> Logger = new("logger", new Dictionary<string, Func<string, ConfigNode, string, ErrorList, string>>
    {
        ["level"] = (d, n, _, _) => n.Text() ?? d,
    });

    internal static readonly ObjectBinder<TrackerDefinition> Tracker = new("tracker", new Dictionary<string, Func<TrackerDefinition, ConfigNode, string, ErrorList, TrackerDefinition>>
    {
        ["address"] = (d, n, _, _) => n.Text() is { } v ? d with { Address = v } : d,
        ["port"] = (d, n, _, _) => n.Int() is { } v ? d with { Port = v } : d,
        ["limits"] = (d, n, p, e) => d with { Limits = CheckOptions<Ipv8.Tracker.TrackerOptions>(n, p, e) },
    });

    internal static readonly ObjectBinder<DiscoveryInterfaceDefinition> DiscoveryInterface = new("discovery_interface", new Dictionary<string, Func<DiscoveryInterfaceDefinition, ConfigNode, string, ErrorList, DiscoveryInterfaceDefinition>>
    {
        ["class"] = (d, n, _, _) => n.Text() is { } v ? d with { Class = v } : d,
        ["init"] = (d, n, _, _) => d with { Init = n.Settings() },
    });

    internal static readonly ObjectBinder<DiscoveryDefinition> Discovery = new("discovery", new Dictionary<string, Func<DiscoveryDefinition, ConfigNode, string, ErrorList, DiscoveryDefinition>>
    {
        ["serve"] = (d, n, _, _) => n.Bool() is { } v ? d with { Serve = v } : d,
        ["interfaces"] = (d, n, p, e) => d with { Interfaces = n.List(p, (item, ip) => DiscoveryInterface.Bind(new() { Class = "", Origin = item.Origin }, item, ip, e)) },
        ["advertise"] = (d, n, _, _) => d with { Advertise = n.Strings() },
        ["request"] = (d, n, _, _) => d with { Request = n.Strings() },
        ["key"] = (d, n, _, _) => n.Text() is { } v ? d with { Key = v } : d,
    });

    internal static readonly ObjectBinder<LauncherConfiguration> Root = new("#", new Dictionary<string, Func<LauncherConfiguration, ConfigNode, string, ErrorList, LauncherConfiguration>>
    {
        ["$schema"] = (d, _, _, _) => d,
        ["interfaces"] = (d, n, p, e) => d with { Interfaces = n.List(p, (item, ip) => Interface.Bind(new() { Origin = item.Origin }, item, ip, e)) },
        ["keys"] = (d, n, p, e) => d with { Keys = n.List(p, (item, ip) => Key.Bind(new() { Alias = "", Origin = item.Origin }, item, ip, e)) },
        ["logger"] = (d, n, p, e) => d with { LogLevel = Logger.Bind(d.LogLevel, n, p, e) },
        ["working_directory"] = (d, n, _, _) => n.Text() is { } v ? d with { WorkingDirectory = v } : d,
        ["walker_interval"] = (d, n, _, _) => n.Double() is { } v and >= 0 ? d with { WalkerInterval = TimeSpan.FromSeconds(v) } : d,
        ["address"] = (d, n, _, _) => n.Text() is { } v ? WithLegacyInterface(d, i => i with { Ip = v }, n.Origin) : d,
        ["port"] = (d, n, _, _) => n.Int() is { } v ? WithLegacyInterface(d, i => i with { Port = v }, n.Origin) : d,
        ["overlays"] = (d, n, p, e) => d with { Overlays = n.List(p, (item, ip) => BindOverlay(item, ip, e)), ListsOverlays = true },
        ["plugins"] = (d, n, _, _) => d with { PluginFolders = n.Strings() },
        ["tracker"] = (d, n, p, e) => d with { Tracker = Tracker.Bind(new() { Origin = n.Origin }, n, p, e) },
        ["instances"] = (d, n, _, _) => n.Int() is { } v and >= 1 ? d with { Instances = v } : d,
        ["connectivity"] = (d, n, p, e) => d with { Connectivity = ConnectivityBinder.Bind(n, p, e) },
        ["discovery"] = (d, n, p, e) => d with { Discovery = Discovery.Bind(new() { Origin = n.Origin }, n, p, e) },
        ["api"] = (d, n, p, e) => d with { Api = ApiBinder.Bind(n, p, e) },
    });

    /// <summary>Every binder, for the schema/code consistency test.</summary>
    internal static IEnumerable<(string SchemaDefinition, IEnumerable<string> Keys)> All =>
    [
        (Root.SchemaDefinition, Root.Keys), (Interface.SchemaDefinition, Interface.Keys), (Key.SchemaDefinition, Key.Keys),
        (Walker.SchemaDefinition, Walker.Keys), (Bootstrapper.SchemaDefinition, Bootstrapper.Keys),
        (Overlay.SchemaDefinition, Overlay.Keys), (Logger.SchemaDefinition, Logger.Keys), (Tracker.SchemaDefinition, Tracker.Keys),
        .. ConnectivityBinder.All,
        (Discovery.SchemaDefinition, Discovery.Keys), (DiscoveryInterface.SchemaDefinition, DiscoveryInterface.Keys),
        (ApiBinder.Section.SchemaDefinition, ApiBinder.Section.Keys),
    ];

    public static LauncherConfiguration Bind(ConfigNode root, Origin fileOrigin, ErrorList errors)
    {
        var seed = PyIpv8Defaults.Configuration() with { Overlays = default, Origin = fileOrigin };
        return Root.Bind(seed, root, "", errors);
    }

    private static OverlayDefinition BindOverlay(ConfigNode node, string path, ErrorList errors)
    {
        var bound = Overlay.Bind(new() { Name = "", Class = "", Origin = node.Origin }, node, path, errors);
        if (bound.Launcher is { } launcher)
        {
            // Resolved against the catalog later (LauncherSelection); until then the entry goes by the launcher's name.
            var given = node.Properties.Select(p => p.Name).Where(n => n != "launcher");
            return bound with { Name = bound.Name.Length == 0 ? launcher : bound.Name, GivenSettings = EquatableArray.From(given) };
        }

        return bound.Name.Length == 0 ? bound with { Name = bound.Class } : bound;
    }

    /// <summary>
    /// Checks an options object of a file being loaded with <see cref="OptionsBinder"/> (unknown keys, values, the record's
    /// validation) and returns its settings. Each problem is reported at the line of its setting, unless the schema
    /// already reported something inside the object (then the schema's messages stand alone).
    /// </summary>
    internal static SettingsMap CheckOptions<T>(ConfigNode node, string path, ErrorList errors)
    {
        var settings = node.Settings();
        var problems = new List<string>();
        _ = OptionsBinder.Create(typeof(T), settings, problems);
        var found = problems.Select(problem =>
        {
            // Messages start with the setting's key ("max_peers must be ...", "max_peers: expected ...").
            var key = problem.Split(' ', ':', '.', '[')[0];
            var setting = node.Get(key);
            return new ConfigurationError(setting?.Origin ?? node.Origin, setting is null ? path : ConfigNode.Child(path, key), problem);
        }).ToList();
        errors.AddUnlessReported(found, e => e.Path == path || e.Path.StartsWith(path + ".", StringComparison.Ordinal));
        return settings;
    }

    private static OnStartCall? OnStartCallOf(ConfigNode node) =>
        node.Kind == ConfigValueKind.Array && node.Items.Count > 0 && node.Items[0].Text() is { } method
            ? new OnStartCall(method, EquatableArray.From(node.Items.Skip(1).Select(i => i.ToValue())))
            : null;

    private static LauncherConfiguration WithLegacyInterface(LauncherConfiguration configuration, Func<InterfaceDefinition, InterfaceDefinition> change, Origin origin)
    {
        var list = configuration.Interfaces.Items;
        var index = list.IndexOf(list.FirstOrDefault(i => i.Interface == InterfaceDefinition.UdpIPv4)!);
        return index < 0
            ? configuration with { Interfaces = list.Add(change(new InterfaceDefinition { Origin = origin })) }
            : configuration with { Interfaces = list.SetItem(index, change(list[index]) with { Origin = origin }) };
    }
}
