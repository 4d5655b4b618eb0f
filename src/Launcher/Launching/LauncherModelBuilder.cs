using System.Reflection;
using Ipv8.Keys;
using Launcher.Catalog;
using Launcher.Configuration;
using Launcher.Definitions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Launcher.Launching;

/// <summary>
/// The one entry point for hosts and the CLI: loads plugins, builds the catalog, reads attribute launchers,
/// loads configuration files, selects launcher classes (<see cref="LauncherSelection"/>), merges all definitions
/// (attributes &lt; <c>ConfigBuilder</c> &lt; files), resolves every enabled overlay completely (names, key, community
/// id, <c>init</c>/<c>initialize</c> bound and validated, launcher created, <c>on_start</c> calls; see
/// <see cref="ResolvedOverlay"/>), computes the launch plan and loads the launching overlays' keys in memory (nothing
/// is written). All problems from every step are reported together in one <see cref="ConfigurationException"/>, so
/// <c>validate</c>, <c>plan</c>, <c>run</c> and an application's host accept and refuse the same files alike.
/// </summary>
public sealed class LauncherModelBuilder
{
    private readonly ComponentCatalogBuilder _catalog;
    private readonly ConfigurationLoader _loader;
    private readonly List<string> _files = [];
    private readonly List<LauncherConfiguration> _configurations = [];
    private string? _pluginsDirectory;
    private Func<OverlayDefinition, bool>? _shouldLaunch;
    private IServiceProvider? _services;

    /// <summary>Creates a builder.</summary>
    /// <param name="loadOptions">Override layering for files; null = defaults (<c>LAUNCHER__</c> environment prefix).</param>
    public LauncherModelBuilder(ConfigurationLoadOptions? loadOptions = null)
    {
        _catalog = new ComponentCatalogBuilder();
        _loader = new ConfigurationLoader(loadOptions);
    }

    /// <summary>Adds a configuration file (YAML or JSON); later files win over earlier ones for the same overlay name.</summary>
    /// <param name="path">The file.</param>
    /// <returns>This builder.</returns>
    public LauncherModelBuilder AddFile(string path)
    {
        _files.Add(path);
        return this;
    }

    /// <summary>Adds a configuration made in code (e.g. <c>ConfigBuilder.Build()</c>); files win over it.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>This builder.</returns>
    public LauncherModelBuilder AddConfiguration(LauncherConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _configurations.Add(configuration);
        return this;
    }

    /// <summary>Adds assemblies to scan for components and launchers (the core Ipv8 assembly, launcher assemblies).</summary>
    /// <param name="assemblies">The assemblies.</param>
    /// <returns>This builder.</returns>
    public LauncherModelBuilder AddAssemblies(params IEnumerable<Assembly> assemblies)
    {
        _catalog.AddAssemblies(assemblies);
        return this;
    }

    /// <summary>Adds component or launcher types directly.</summary>
    /// <param name="types">The types.</param>
    /// <returns>This builder.</returns>
    public LauncherModelBuilder AddTypes(params IEnumerable<Type> types)
    {
        _catalog.AddTypes(types);
        return this;
    }

    /// <summary>
    /// Registers a component kind whose base type lives in an extension assembly (see
    /// <see cref="ComponentCatalogBuilder.AddKind"/>); e.g. <c>Launcher.Connectivity</c> registers
    /// <see cref="ComponentKind.PipeHandler"/>, so that <c>connectivity.handlers</c> names are checked here, when the model is built.
    /// </summary>
    /// <param name="kind">The kind.</param>
    /// <param name="baseType">The base type of its components.</param>
    /// <param name="naming">How its components are named; null = class name or <c>[ComponentName]</c>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The kind already has another base type.</exception>
    public LauncherModelBuilder AddComponentKind(ComponentKind kind, Type baseType, Func<Type, string?>? naming = null)
    {
        _catalog.AddKind(kind, baseType, naming);
        return this;
    }

    /// <summary>
    /// Sets the plugins directory. Default: <c>plugins/</c> beside the first configuration file, or in the
    /// working directory when there is no file. A missing directory means no plugins.
    /// </summary>
    /// <param name="directory">The directory, or null for the default.</param>
    /// <returns>This builder.</returns>
    public LauncherModelBuilder UsePluginsDirectory(string? directory)
    {
        _pluginsDirectory = directory;
        return this;
    }

    /// <summary>
    /// Sets an extra launch decision of the application, evaluated once per enabled overlay when planning, after
    /// the overlay's conditions and its launcher's <see cref="CommunityLauncher.ShouldLaunch"/> held (those are
    /// always evaluated; see <see cref="UseServices"/>). False skips the overlay like <c>enabled: false</c>.
    /// </summary>
    /// <param name="shouldLaunch">The decision; null = no extra decision.</param>
    /// <returns>This builder.</returns>
    public LauncherModelBuilder UseLaunchDecision(Func<OverlayDefinition, bool>? shouldLaunch)
    {
        _shouldLaunch = shouldLaunch;
        return this;
    }

    /// <summary>
    /// Sets the services launch conditions (<see cref="ILaunchCondition"/>) and launchers are created from when
    /// the plan is made (constructor injection). Default: an empty provider, so conditions and launchers need
    /// parameterless constructors or only optional parameters. A constructor that cannot be satisfied is a
    /// configuration error naming the overlay.
    /// </summary>
    /// <param name="services">The services, or null for the default.</param>
    /// <returns>This builder.</returns>
    public LauncherModelBuilder UseServices(IServiceProvider? services)
    {
        _services = services;
        return this;
    }

    /// <summary>
    /// Runs every step and returns the model. Launchers are created here (one per overlay, through the services of
    /// <see cref="UseServices"/>); launch conditions and launchers' <c>ShouldLaunch</c> run here, once per enabled
    /// overlay, with an empty <see cref="LaunchContext.Overlays"/> (nothing has launched yet). Key files of launching
    /// overlays are read in memory to check them (keys to be generated are checked by their security level); none is written.
    /// </summary>
    /// <returns>The validated model.</returns>
    /// <exception cref="ConfigurationException">Anything is wrong; carries every problem found.</exception>
    public LauncherModel Build()
    {
        var errors = new ErrorList();
        // The files' schema validation runs last (errors in their usual place): a fresh process builds the schema on
        // another thread meanwhile (see DeferredSchemaValidation).
        var schemaValidation = new DeferredSchemaValidation();
        var fileConfigurations = _files.Select(f => _loader.LoadPartial(f, errors, schemaValidation)).OfType<LauncherConfiguration>().ToList();

        var pluginsDirectory = _pluginsDirectory
            ?? Path.Combine(_files.Count > 0 ? Path.GetDirectoryName(Path.GetFullPath(_files[0]))! : Directory.GetCurrentDirectory(), "plugins");
        var plugins = new PluginLoader().LoadAll(pluginsDirectory, errors);
        foreach (var extra in fileConfigurations.Concat(_configurations).SelectMany(c => c.PluginFolders))
        {
            var baseDirectory = _files.Count > 0 ? Path.GetDirectoryName(Path.GetFullPath(_files[0]))! : Directory.GetCurrentDirectory();
            plugins = [.. plugins, .. new PluginLoader().LoadAll(Path.Combine(baseDirectory, extra), errors)];
        }

        var catalog = _catalog.AddAssemblies(plugins.SelectMany(p => p.Assemblies)).Build(errors);
        var sources = _configurations.Concat(fileConfigurations).ToList();
        var selection = LauncherSelection.Select(catalog.Components(ComponentKind.Launcher).Select(c => c.Type), sources, errors);

        var baseConfiguration = sources.LastOrDefault() ?? PyIpv8Defaults.Configuration();
        var keys = sources.Count == 0 ? baseConfiguration.Keys : EquatableArray.From(sources.SelectMany(c => c.Keys).GroupBy(k => k.Alias).Select(g => g.Last()));
        var layers = new List<IEnumerable<OverlayDefinition>> { selection.Launchers };
        layers.AddRange(selection.Sources);
        var aliases = keys.Select(k => k.Alias).ToList();
        var merged = DefinitionMerger.Merge(layers.Select(l => l.Select(o => ConfigurationChecks.WithOnlyKey(o, aliases))), errors) with { Launchers = selection.Choices };
        var discoverySection = WithLauncherNamespaces(sources.Select(c => c.Discovery).LastOrDefault(d => d is not null), selection.Choices, errors);
        if (discoverySection is not null)
        {
            // The section brings the rendezvous overlay, launched first: overlays after it may take the node's discovery manager.
            merged = merged with { Overlays = [ConfigurationChecks.WithOnlyKey(DiscoveryResolver.RendezvousOverlay(discoverySection), aliases), .. merged.Overlays] };
        }

        var configuration = baseConfiguration with { Keys = keys, Overlays = merged.Overlays, Discovery = discoverySection };
        var discovery = discoverySection is null ? null : DiscoveryResolver.Resolve(discoverySection, catalog, errors);

        ConfigurationChecks.CheckOverlayNames(merged.Overlays, errors);
        CheckPipeHandlers(configuration.Connectivity, catalog, errors);
        var services = _services ?? EmptyServices.Instance;
        var resolver = new OverlayResolver(catalog, keys, services, errors);
        var resolved = new Dictionary<OverlayDefinition, ResolvedOverlay?>(ReferenceEqualityComparer.Instance);
        foreach (var overlay in merged.Overlays.Where(o => o.Enabled))
        {
            resolved[overlay] = resolver.Resolve(overlay);
        }

        // An overlay that did not resolve has its errors reported; evaluating its conditions would only add noise.
        var decisions = new LaunchConditionEvaluator(catalog, services, configuration, new OverlayRegistry(), _shouldLaunch, errors, o => resolved.GetValueOrDefault(o)?.Launcher);
        var plan = LaunchPlan.Create(merged.Overlays, errors, o => resolved.TryGetValue(o, out var r) && r is null ? "it has configuration errors" : decisions.WhyNot(o), merged);
        var overlays = plan.Order.Select(o => resolved.GetValueOrDefault(o)).OfType<ResolvedOverlay>().ToList();
        CheckKeys(overlays, errors);
        schemaValidation.ValidateAll(errors);
        errors.ThrowIfAny();
        return new LauncherModel(configuration, catalog, plugins, merged, plan, overlays) { Discovery = discovery };
    }

    /// <summary>
    /// Every protocol the <c>connectivity</c> section serves must name a pipe handler of the catalog. Checked only when an
    /// extension registered the <see cref="ComponentKind.PipeHandler"/> kind: without it nothing runs the section.
    /// </summary>
    private static void CheckPipeHandlers(ConnectivityDefinition? section, ComponentCatalog catalog, ErrorList errors)
    {
        if (section is null || !catalog.Knows(ComponentKind.PipeHandler))
        {
            return;
        }

        var handlers = section.Handlers;
        for (var i = 0; i < handlers.Count; i++)
        {
            if (!catalog.TryResolve(ComponentKind.PipeHandler, handlers[i], out _))
            {
                errors.Add(section.Origin, $"connectivity.handlers[{i}]", catalog.UnknownMessage(ComponentKind.PipeHandler, handlers[i]));
            }
        }
    }

    /// <summary>
    /// Adds the namespaces of used launcher classes' <see cref="Attributes.AdvertiseAttribute"/> and
    /// <see cref="Attributes.RequestNamespaceAttribute"/> to the <c>discovery</c> section (after the section's own, without
    /// duplicates); a used launcher with such attributes and no section with an interface is an error naming it.
    /// </summary>
    private static DiscoveryDefinition? WithLauncherNamespaces(DiscoveryDefinition? section, IReadOnlyList<LauncherChoice> choices, ErrorList errors)
    {
        foreach (var choice in choices.Where(c => c.Contributes))
        {
            var advertise = choice.LauncherType.GetCustomAttributes<Attributes.AdvertiseAttribute>().SelectMany(a => a.Namespaces).ToList();
            var request = choice.LauncherType.GetCustomAttributes<Attributes.RequestNamespaceAttribute>().SelectMany(a => a.Namespaces).ToList();
            if (advertise.Count + request.Count == 0)
            {
                continue;
            }

            if (section is not { Interfaces.Count: > 0 })
            {
                errors.Add(Origin.FromAttribute("Advertise/RequestNamespace", choice.LauncherType), "discovery", $"launcher {choice.LauncherType.Name} advertises or requests namespaces, but the configuration has no 'discovery' section with an interface");
                continue;
            }

            section = section with
            {
                Advertise = EquatableArray.From(section.Advertise.Concat(advertise.Where(n => !section.Advertise.Contains(n)))),
                Request = EquatableArray.From(section.Request.Concat(request.Where(n => !section.Request.Contains(n)))),
            };
        }

        return section;
    }

    /// <summary>Loads or generates the keys of the launching overlays in memory, as the host will (spec §4.5), to report bad key material now.</summary>
    private void CheckKeys(IReadOnlyList<ResolvedOverlay> overlays, ErrorList errors)
    {
        var used = overlays.Select(o => o.Key.Alias).ToHashSet(StringComparer.Ordinal);
        if (used.Count == 0)
        {
            return;
        }

        var keyFactory = new KeyFactory();
        var baseDirectory = _files.Count > 0 ? Path.GetDirectoryName(Path.GetFullPath(_files[0]))! : Directory.GetCurrentDirectory();
        _ = PreparedIdentities.Prepare(overlays.Select(o => o.Key).Distinct(), used, keyFactory, new KeyFile(keyFactory, NullLogger<KeyFile>.Instance), baseDirectory, TimeProvider.System, errors, generate: false);
    }
}
