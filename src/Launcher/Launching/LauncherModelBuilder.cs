using System.Reflection;
using Launcher.Catalog;
using Launcher.Configuration;
using Launcher.Definitions;

namespace Launcher.Launching;

/// <summary>
/// The one entry point for hosts and the CLI: loads plugins, builds the catalog, reads attribute launchers,
/// loads configuration files, selects launcher classes (<see cref="LauncherSelection"/>), merges all definitions
/// (attributes &lt; <c>ConfigBuilder</c> &lt; files), gives overlays without a key the only configured key, checks
/// every name and key alias, and computes the launch plan. All problems from every step are reported together
/// in one <see cref="ConfigurationException"/>.
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
    /// <param name="catalogOptions">Component kinds; null = production kinds.</param>
    /// <param name="loadOptions">Override layering for files; null = defaults (<c>LAUNCHER__</c> environment prefix).</param>
    public LauncherModelBuilder(ComponentCatalogOptions? catalogOptions = null, ConfigurationLoadOptions? loadOptions = null)
    {
        _catalog = new ComponentCatalogBuilder(catalogOptions);
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
    /// Runs every step and returns the model. Launch conditions and launchers' <c>ShouldLaunch</c> run here,
    /// once per enabled overlay, with an empty <see cref="LaunchContext.Overlays"/> (nothing has launched yet).
    /// </summary>
    /// <returns>The validated model.</returns>
    /// <exception cref="ConfigurationException">Anything is wrong; carries every problem found.</exception>
    public LauncherModel Build()
    {
        var errors = new ErrorList();
        var fileConfigurations = _files.Select(f => _loader.LoadPartial(f, errors)).OfType<LauncherConfiguration>().ToList();

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
        var configuration = baseConfiguration with { Keys = keys, Overlays = merged.Overlays };

        ConfigurationChecks.CheckOverlays(merged.Overlays, keys, errors);
        catalog.CheckNames(merged.Overlays, errors);
        // Names that do not resolve were reported above; evaluating them would only repeat the error.
        var decisions = new LaunchConditionEvaluator(catalog, _services ?? EmptyServices.Instance, configuration, new OverlayRegistry(), _shouldLaunch, errors);
        var plan = LaunchPlan.Create(merged.Overlays, errors, decisions.WhyNot, merged);
        errors.ThrowIfAny();
        return new LauncherModel(configuration, catalog, plugins, merged, plan);
    }
}
