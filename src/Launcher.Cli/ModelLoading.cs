using System.Reflection;
using Ipv8.Bootstrapping;
using Ipv8.Communities;
using Launcher.Configuration;
using Launcher.Connectivity;
using Launcher.Definitions;
using Launcher.Hosting;
using Launcher.Launching;
using Launchers.Builtin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Launcher.Cli;

/// <summary>
/// Builds the launcher model (configuration + catalog + plan) the way every command sees it, through the same
/// <see cref="OverlayLauncherServiceCollectionExtensions.AddOverlayLauncher(IServiceCollection, Action{LauncherModelBuilder})"/>
/// pipeline an application uses.
/// </summary>
internal static class ModelLoading
{
    /// <summary>The assemblies every command scans: the core runtime (Ipv8) and the built-in launchers.</summary>
    public static Assembly[] CoreAssemblies => [typeof(Community).Assembly, typeof(GenericOverlay).Assembly];

    /// <summary>The manifest name of the embedded default configuration.</summary>
    private const string BuiltInDefaultResource = "Launcher.Cli.overlays.yaml";

    /// <summary>
    /// Sets the commands' sources on <paramref name="builder"/>: the core assemblies, the plugins directory and
    /// <paramref name="file"/> (none when null: py-ipv8's defaults).
    /// </summary>
    /// <returns><paramref name="builder"/>.</returns>
    public static LauncherModelBuilder Configure(LauncherModelBuilder builder, string? file, string? pluginsDirectory)
    {
        // Pipe handlers are catalog components too: validate and plan refuse an unknown connectivity handler as run does.
        builder.AddAssemblies(CoreAssemblies).UsePluginsDirectory(pluginsDirectory).AddPipeHandlers();
        return file is null ? builder : builder.AddFile(file);
    }

    /// <summary>
    /// What <c>run</c> sets on <paramref name="builder"/>: <see cref="Configure"/> with <paramref name="file"/>, or, when it
    /// is null, with the built-in default configuration (<see cref="LoadBuiltInDefault"/>, read when the model is built).
    /// </summary>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ConfigurationException">The built-in default is invalid (an environment override).</exception>
    public static LauncherModelBuilder ConfigureRun(LauncherModelBuilder builder, string? file, string? pluginsDirectory)
    {
        Configure(builder, file, pluginsDirectory);
        return file is null ? builder.AddConfiguration(LoadBuiltInDefault()) : builder;
    }

    /// <summary>Loads, validates and plans <paramref name="file"/> (the model alone, without the host's check phase); configuration errors come out together.</summary>
    /// <exception cref="ConfigurationException">The configuration is invalid.</exception>
    public static LauncherModel Load(string? file, string? pluginsDirectory) => Configure(new LauncherModelBuilder(), file, pluginsDirectory).Build();

    /// <summary>
    /// What <c>validate</c> and <c>plan</c> load: the model through <see cref="CreateProvider"/> exactly as <c>run</c>
    /// builds it. Building the model resolves everything <c>run</c> needs before it opens anything (every
    /// <c>init</c>/<c>initialize</c> bound and validated, <c>on_start</c> calls, launchers, community ids, the discovery
    /// section, keys loaded in memory), so the three commands accept and refuse the same files alike.
    /// </summary>
    /// <exception cref="ConfigurationException">The configuration is invalid.</exception>
    public static LauncherModel LoadChecked(string file, string? pluginsDirectory)
    {
        using var provider = CreateProvider(b => Configure(b, file, pluginsDirectory), file, port: null, _ => NullLoggerFactory.Instance);
        return provider.GetRequiredService<IOverlayLauncherService>().Model;
    }

    /// <summary>
    /// The services of <c>run</c> (and of <c>validate</c> and <c>plan</c>): the logger factory, the hosts' options (real
    /// sockets, key files beside <paramref name="file"/>) and the launcher (<c>AddOverlayLauncher</c>). Nothing is read
    /// until the launcher's model is first used.
    /// </summary>
    /// <param name="configure">Sets the configuration sources (see <see cref="Configure"/>).</param>
    /// <param name="file">The configuration file, or null (key files then resolve against the working directory).</param>
    /// <param name="port">Replaces the port of every configured interface; null keeps the configured ports.</param>
    /// <param name="loggers">Makes the logger factory (the container disposes it), when first needed.</param>
    /// <param name="peerCache">The warm-restart peer cache (<c>run</c>); null for none.</param>
    public static ServiceProvider CreateProvider(Action<LauncherModelBuilder> configure, string? file, int? port, Func<IServiceProvider, ILoggerFactory> loggers, PeerCacheOptions? peerCache = null) =>
        AddServices(new ServiceCollection(), configure, file, port, loggers, peerCache).BuildServiceProvider();

    /// <summary>
    /// Adds the services of <see cref="CreateProvider"/> to <paramref name="services"/> (the generic host's collection for
    /// <c>run</c>): the logger factory, the metrics (<c>AddMetrics</c>: the overlays' and tracker's meters come from the
    /// container's <see cref="System.Diagnostics.Metrics.IMeterFactory"/>), the hosts' options and the launcher.
    /// </summary>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddServices(IServiceCollection services, Action<LauncherModelBuilder> configure, string? file, int? port, Func<IServiceProvider, ILoggerFactory>? loggers, PeerCacheOptions? peerCache)
    {
        ArgumentNullException.ThrowIfNull(services);
        var baseDirectory = file is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";
        if (loggers is not null)
        {
            services.AddSingleton<ILoggerFactory>(loggers);
        }

        return services
            .AddMetrics()
            .AddSingleton(sp => new OverlayHostOptions
            {
                LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
                MeterFactory = sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
                PeerCache = peerCache,
                BaseDirectory = baseDirectory,
                EndpointFactory = port is { } p
                    ? interfaces => sp.GetRequiredService<UdpEndpointFactory>().Create([.. interfaces.Select(i => i with { Port = p })])
                    : null,
            })
            .AddOverlayLauncher(configure)
            .AddOverlayConnectivity();
    }

    /// <summary>
    /// Loads the built-in default configuration (the repository's <c>overlays.yaml</c>, embedded in this assembly): what
    /// <c>run</c> uses when no file is given and the working directory has no overlays.yaml. <c>LAUNCHER__</c> environment
    /// overrides apply.
    /// </summary>
    /// <exception cref="ConfigurationException">The configuration is invalid (an environment override).</exception>
    public static LauncherConfiguration LoadBuiltInDefault()
    {
        using var stream = typeof(ModelLoading).Assembly.GetManifestResourceStream(BuiltInDefaultResource)
            ?? throw new InvalidOperationException($"embedded resource {BuiltInDefaultResource} is missing");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var errors = new ErrorList();
        var configuration = new ConfigurationLoader().TryLoad(CliOptions.DefaultFile, buffer.ToArray(), errors);
        errors.ThrowIfAny();
        return configuration!;
    }

    /// <summary>Prints a configuration failure and returns the exit code for it.</summary>
    public static int Report(ConfigurationException exception)
    {
        Console.Error.WriteLine(exception.Message);
        return 2;
    }
}
