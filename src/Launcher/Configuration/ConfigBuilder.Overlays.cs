using Launcher.Definitions;
using Launcher.Schema;

namespace Launcher.Configuration;

/// <content>Overlays, extensions and <see cref="Build"/>.</content>
public sealed partial class ConfigBuilder
{
    /// <summary>
    /// Adds an overlay (py-ipv8 <c>add_overlay</c>). Without <paramref name="allowDuplicate"/>, existing overlays
    /// of the same class are removed first; with it, the new overlay gets a distinct name (<c>Class_2</c>, ...)
    /// unless <paramref name="name"/> is given.
    /// </summary>
    /// <param name="className">Overlay class name.</param>
    /// <param name="keyAlias">Alias of a configured key; null = the configuration's only key.</param>
    /// <param name="walkers">Walkers (see <see cref="Walker"/>).</param>
    /// <param name="bootstrappers">Bootstrappers (see <see cref="Bootstrapper"/>).</param>
    /// <param name="initialize">Overlay settings overrides.</param>
    /// <param name="onStart">Calls made after start.</param>
    /// <param name="allowDuplicate">Keep existing overlays of the same class.</param>
    /// <param name="name">Overlay name; default the class name.</param>
    /// <returns>This builder.</returns>
    public ConfigBuilder AddOverlay(string className, string? keyAlias, IEnumerable<WalkerDefinition>? walkers = null,
        IEnumerable<BootstrapperDefinition>? bootstrappers = null, IReadOnlyDictionary<string, object?>? initialize = null,
        IEnumerable<OnStartCall>? onStart = null, bool allowDuplicate = false, string? name = null)
    {
        if (!allowDuplicate)
        {
            _overlays = _overlays.RemoveAll(o => o.Class == className);
        }

        var chosen = name ?? className;
        for (var n = 2; name is null && _overlays.Any(o => o.Name == chosen); n++)
        {
            chosen = $"{className}_{n}";
        }

        return AddOverlay(new OverlayDefinition
        {
            Name = chosen,
            Class = className,
            Key = keyAlias,
            Walkers = EquatableArray.From(walkers),
            Bootstrappers = EquatableArray.From(bootstrappers),
            Initialize = SettingsMap.FromObjects(initialize),
            OnStart = EquatableArray.From(onStart),
            Origin = Origin.Builder,
        });
    }

    /// <summary>
    /// Adds the overlay a launcher class declares (a file's <c>- launcher: ChatLauncher</c>): with a configuration
    /// that lists overlays, launcher classes run only when named. Resolved against the catalog by
    /// <c>LauncherModelBuilder</c>; an unknown name is reported there with the known launchers.
    /// </summary>
    /// <param name="launcher">The launcher's class name or <c>[Name]</c>.</param>
    /// <param name="keyAlias">Alias of a configured key; null = the launcher's own (or the configuration's only key).</param>
    /// <param name="enabled">False keeps the overlay listed but switched off.</param>
    /// <returns>This builder.</returns>
    public ConfigBuilder AddLauncher(string launcher, string? keyAlias = null, bool enabled = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(launcher);
        var given = new List<string>();
        if (keyAlias is not null)
        {
            given.Add("key");
        }

        if (!enabled)
        {
            given.Add("enabled");
        }

        return AddOverlay(new OverlayDefinition
        {
            Name = launcher,
            Class = "",
            Launcher = launcher,
            Key = keyAlias,
            Enabled = enabled,
            GivenSettings = EquatableArray.From(given),
            Origin = Origin.Builder,
        });
    }

    /// <summary>Adds the overlay <typeparamref name="TLauncher"/> declares; see <see cref="AddLauncher(string, string?, bool)"/>.</summary>
    /// <typeparam name="TLauncher">The launcher class.</typeparam>
    /// <param name="keyAlias">Alias of a configured key; null = the launcher's own (or the configuration's only key).</param>
    /// <param name="enabled">False keeps the overlay listed but switched off.</param>
    /// <returns>This builder.</returns>
    public ConfigBuilder AddLauncher<TLauncher>(string? keyAlias = null, bool enabled = true)
        where TLauncher : Launching.CommunityLauncher => AddLauncher(typeof(TLauncher).Name, keyAlias, enabled);

    /// <summary>Adds a complete overlay definition (our extension: launch order, conditions, enabled, community id).</summary>
    /// <param name="overlay">The definition; kept as given (a duplicate name is reported by <see cref="Build"/>).</param>
    /// <returns>This builder.</returns>
    public ConfigBuilder AddOverlay(OverlayDefinition overlay)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        _overlays = _overlays.Add(overlay);
        return this;
    }

    /// <summary>Adds a plugin folder (our extension).</summary>
    /// <param name="folder">The folder.</param>
    /// <returns>This builder.</returns>
    public ConfigBuilder AddPluginFolder(string folder)
    {
        _plugins = _plugins.Add(folder);
        return this;
    }

    /// <summary>Hosts a bootstrap tracker in-process (our extension).</summary>
    /// <param name="address">Listen address.</param>
    /// <param name="port">Listen port.</param>
    /// <returns>This builder.</returns>
    public ConfigBuilder SetTracker(string address, int port)
    {
        _tracker = new TrackerDefinition { Address = address, Port = port, Origin = Origin.Builder };
        return this;
    }

    /// <summary>
    /// Sets the node's discovery by namespace (the file's <c>discovery</c> section): serve as a rendezvous point or not,
    /// the discovery interfaces, and the namespaces to advertise and request.
    /// </summary>
    /// <param name="serve">True to be a rendezvous point.</param>
    /// <param name="interfaces">The interfaces by class name with their settings (e.g. <c>("RendezvousInterface", {rendezvous_points: ...})</c>).</param>
    /// <param name="advertise">Namespaces to advertise.</param>
    /// <param name="request">Namespaces to look for.</param>
    /// <returns>This builder.</returns>
    public ConfigBuilder SetDiscovery(bool serve, IEnumerable<(string Class, SettingsMap Init)>? interfaces = null, IEnumerable<string>? advertise = null, IEnumerable<string>? request = null)
    {
        _discovery = new DiscoveryDefinition
        {
            Serve = serve,
            Interfaces = EquatableArray.From((interfaces ?? []).Select(i => new DiscoveryInterfaceDefinition { Class = i.Class, Init = i.Init, Origin = Origin.Builder })),
            Advertise = EquatableArray.From(advertise ?? []),
            Request = EquatableArray.From(request ?? []),
            Origin = Origin.Builder,
        };
        return this;
    }

    /// <summary>
    /// Validates and returns the configuration (py-ipv8 <c>finalize</c>): the same schema and checks as files
    /// (log level, key generations, ports, walker interval ≥ 0, key aliases exist, unique names).
    /// </summary>
    /// <returns>The configuration.</returns>
    /// <exception cref="ConfigurationException">Something is invalid; carries every error (origin ConfigBuilder).</exception>
    public LauncherConfiguration Build()
    {
        var configuration = new LauncherConfiguration
        {
            Interfaces = [.. _interfaces],
            Keys = [.. _keys],
            LogLevel = _logLevel,
            WorkingDirectory = _workingDirectory,
            WalkerInterval = _walkerInterval,
            Overlays = [.. _overlays],
            ListsOverlays = _overlays.Count > 0,
            PluginFolders = [.. _plugins],
            Tracker = _tracker,
            Discovery = _discovery,
            Origin = Origin.Builder,
        };
        var errors = new ErrorList();
        OverlaySchema.Embedded.Validate(ConfigurationWriter.ToNode(ConfigurationWriter.ToValue(configuration), Origin.Builder), errors);
        ConfigurationChecks.Check(configuration, errors);
        errors.ThrowIfAny();
        return configuration;
    }

    private ConfigBuilder UpdateInterface(string interfaceKind, Func<InterfaceDefinition, InterfaceDefinition> change)
    {
        var index = _interfaces.FindIndex(i => i.Interface == interfaceKind);
        _interfaces = index < 0
            ? _interfaces.Add(change(new InterfaceDefinition { Interface = interfaceKind, Origin = Origin.Builder }))
            : _interfaces.SetItem(index, change(_interfaces[index]));
        return this;
    }

    private ConfigBuilder PutKey(KeyDefinition key)
    {
        _keys = _keys.RemoveAll(k => k.Alias == key.Alias).Add(key);
        return this;
    }
}
