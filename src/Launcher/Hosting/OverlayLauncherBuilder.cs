using System.Reflection;
using Ipv8.Communities;
using Launcher.Configuration;
using Launcher.Definitions;
using Launcher.Launching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Launcher.Hosting;

/// <summary>
/// Describes what <see cref="OverlayLauncherServiceCollectionExtensions.AddOverlayLauncher"/> hosts: the
/// configuration sources (files, <see cref="ConfigBuilder"/> configurations), where components come from
/// (the core <c>Ipv8</c> assembly is always scanned; add launcher assemblies and types; plugins), and how the
/// host reaches the world (<see cref="UseHostOptions"/>). Nothing is read or loaded while configuring: the
/// model is built the first time the service needs it, with every configuration problem reported together
/// in one <see cref="ConfigurationException"/>.
/// </summary>
public sealed class OverlayLauncherBuilder
{
    private readonly List<string> _files = [];
    private readonly List<LauncherConfiguration> _configurations = [];
    private readonly List<Assembly> _assemblies = [typeof(Community).Assembly];
    private readonly List<Type> _types = [];
    private string? _pluginsDirectory;
    private ConfigurationLoadOptions? _loadOptions;
    private Func<IServiceProvider, OverlayHostOptions>? _hostOptions;
    private Func<OverlayDefinition, bool>? _launchDecision;

    internal OverlayLauncherBuilder()
    {
    }

    /// <summary>Adds a configuration file (YAML or JSON); later files win over earlier ones and over code configurations for the same overlay name.</summary>
    /// <param name="path">The file; relative paths resolve against the current directory when the model is built. A missing file is a configuration error.</param>
    /// <returns>This builder.</returns>
    public OverlayLauncherBuilder AddFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _files.Add(path);
        return this;
    }

    /// <summary>Adds a configuration made in code (e.g. <c>ConfigBuilder.Clean()...Build()</c>); files win over it.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>This builder.</returns>
    public OverlayLauncherBuilder AddConfiguration(LauncherConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _configurations.Add(configuration);
        return this;
    }

    /// <summary>Adds the configuration of a <see cref="ConfigBuilder"/> (built now).</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ConfigurationException">The builder's configuration is invalid.</exception>
    public OverlayLauncherBuilder AddConfiguration(ConfigBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return AddConfiguration(builder.Build());
    }

    /// <summary>Adds assemblies to scan for launchers and components (e.g. <c>typeof(DiscoveryLauncher).Assembly</c>). The core <c>Ipv8</c> assembly is always scanned.</summary>
    /// <param name="assemblies">The assemblies.</param>
    /// <returns>This builder.</returns>
    public OverlayLauncherBuilder AddAssemblies(params IEnumerable<Assembly> assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        _assemblies.AddRange(assemblies);
        return this;
    }

    /// <summary>Adds launcher or component types directly, without scanning their assemblies.</summary>
    /// <param name="types">The types.</param>
    /// <returns>This builder.</returns>
    public OverlayLauncherBuilder AddTypes(params IEnumerable<Type> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        _types.AddRange(types);
        return this;
    }

    /// <summary>
    /// Sets the plugins directory (one sub-folder per plugin). Default: <c>plugins/</c> beside the first
    /// configuration file, else in the current directory; a missing directory means no plugins. A plugin
    /// folder that fails to load is a configuration error naming the folder.
    /// </summary>
    /// <param name="directory">The directory, or null for the default.</param>
    /// <returns>This builder.</returns>
    public OverlayLauncherBuilder UsePluginsDirectory(string? directory)
    {
        _pluginsDirectory = directory;
        return this;
    }

    /// <summary>Sets how files are layered with overrides. Default: <c>LAUNCHER__</c> environment variables apply.</summary>
    /// <param name="options">The options.</param>
    /// <returns>This builder.</returns>
    public OverlayLauncherBuilder UseLoadOptions(ConfigurationLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _loadOptions = options;
        return this;
    }

    /// <summary>
    /// Sets how the host reaches the world (endpoints, clock, keys, logging, base directory), computed from the
    /// application's services when the host is created. Default: real UDP sockets from the configured
    /// <c>interfaces</c>, the registered <see cref="TimeProvider"/> (else the system clock), the registered
    /// <see cref="ILoggerFactory"/> (else no logging), key files relative to the first configuration file's directory.
    /// </summary>
    /// <param name="factory">Creates the options.</param>
    /// <returns>This builder.</returns>
    public OverlayLauncherBuilder UseHostOptions(Func<IServiceProvider, OverlayHostOptions> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _hostOptions = factory;
        return this;
    }

    /// <summary>Sets an extra launch decision (see <see cref="LauncherModelBuilder.UseLaunchDecision"/>).</summary>
    /// <param name="shouldLaunch">The decision; null = none.</param>
    /// <returns>This builder.</returns>
    public OverlayLauncherBuilder UseLaunchDecision(Func<OverlayDefinition, bool>? shouldLaunch)
    {
        _launchDecision = shouldLaunch;
        return this;
    }

    /// <summary>Builds the model; conditions and launchers are created from <paramref name="services"/>.</summary>
    internal LauncherModel BuildModel(IServiceProvider services)
    {
        var builder = new LauncherModelBuilder(_loadOptions)
            .AddAssemblies(_assemblies)
            .AddTypes(_types)
            .UsePluginsDirectory(_pluginsDirectory)
            .UseLaunchDecision(_launchDecision)
            .UseServices(services);
        foreach (var configuration in _configurations)
        {
            builder.AddConfiguration(configuration);
        }

        foreach (var file in _files)
        {
            builder.AddFile(file);
        }

        return builder.Build();
    }

    /// <summary>Creates the host options (see <see cref="UseHostOptions"/>).</summary>
    internal OverlayHostOptions BuildHostOptions(IServiceProvider services) =>
        _hostOptions?.Invoke(services) ?? new OverlayHostOptions
        {
            TimeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System,
            LoggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
            BaseDirectory = _files.Count > 0 ? Path.GetDirectoryName(Path.GetFullPath(_files[0])) ?? "." : ".",
        };
}
