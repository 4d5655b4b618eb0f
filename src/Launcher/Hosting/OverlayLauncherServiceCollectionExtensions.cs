using System.Diagnostics.Metrics;
using Ipv8.Bootstrapping;
using Ipv8.Communities;
using Launcher.Catalog;
using Launcher.Launching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Launcher.Hosting;

/// <summary>Hosting the launcher in an application's own process with Microsoft.Extensions.DependencyInjection.</summary>
public static class OverlayLauncherServiceCollectionExtensions
{
    /// <summary>
    /// Registers the launcher, configured on a new <see cref="LauncherModelBuilder"/> (files, code configurations,
    /// assemblies, types, plugins, launch decision): <see cref="IOverlayLauncherService"/> (start/stop; a singleton), and,
    /// resolved through it, the <see cref="LauncherModel"/>, the <see cref="ComponentCatalog"/>, the first instance's
    /// <see cref="OverlayHost"/> and that host's <see cref="IOverlayRegistry"/> (the running overlays by name). Launchers,
    /// launch conditions, overlays, strategies and bootstrappers are created from the application's service provider, so
    /// their constructors can take the application's services. An <see cref="Microsoft.Extensions.Hosting.IHostedService"/>
    /// forwarding to <see cref="IOverlayLauncherService"/> is registered too, so in a generic host
    /// (<c>Host.CreateApplicationBuilder</c>) the overlays start and stop with the host.
    /// </summary>
    /// <remarks>
    /// <para>Nothing is read while registering: <paramref name="configure"/> runs, and the model is built, the first time
    /// one of these services is resolved or <see cref="IOverlayLauncherService.StartAsync"/> runs. An invalid configuration
    /// then throws a <see cref="Launcher.Configuration.ConfigurationException"/> listing every problem (from the resolve
    /// call or from <c>StartAsync</c>), as does an exception of <paramref name="configure"/> itself. Nothing starts until
    /// <c>StartAsync</c> is called; disposing the service provider stops everything.</para>
    /// <para>Everything the configuration declares runs: one host per <c>instances</c> (each with its own endpoint and keys)
    /// and the <c>tracker:</c> section's tracker, as with the <c>launcher run</c> command, which uses this same pipeline.</para>
    /// <para>Defaults: the core <c>Ipv8</c> assembly is always scanned (add launcher assemblies with
    /// <see cref="LauncherModelBuilder.AddAssemblies"/>); with no file and no code configuration, py-ipv8's default
    /// configuration is used. How the hosts reach the world comes from an <see cref="OverlayHostOptions"/> registered in
    /// <paramref name="services"/> (tests register one with a simulated network's endpoints and clock); without one (or without
    /// its endpoint factory): real UDP sockets from the configured <c>interfaces</c>, made by the registered
    /// <see cref="UdpEndpointFactory"/> (registered here unless already present) so that every instance and the tracker share
    /// its one receive thread, the registered <see cref="TimeProvider"/> (else the system clock), the
    /// registered <see cref="ILoggerFactory"/> (else no logging), the registered <see cref="IMeterFactory"/> for every overlay's and
    /// the tracker's meters (<c>services.AddMetrics()</c>; else the service owns one meter per area), with the instruments
    /// shared by all instances (<see cref="Ipv8.Messaging.InstrumentSharingMeterFactory"/>, owned by the service), the registered
    /// <see cref="PeerCacheOptions"/> for warm restarts (else no peer cache), and relative key files resolved against the directory of
    /// the configuration file the model's settings come from (else the current directory).</para>
    /// </remarks>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Describes the configuration sources on the model builder.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="InvalidOperationException">The launcher was already added to <paramref name="services"/>.</exception>
    public static IServiceCollection AddOverlayLauncher(this IServiceCollection services, Action<LauncherModelBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddOverlayLauncher(_ =>
        {
            var model = new LauncherModelBuilder().AddAssemblies(typeof(Community).Assembly);
            configure(model);
            return model;
        });
    }

    /// <summary>
    /// Registers the launcher like <see cref="AddOverlayLauncher(IServiceCollection, Action{LauncherModelBuilder})"/>, with a
    /// model builder the application makes itself (for the builder's constructor options: configuration load options such as
    /// override files or no environment overrides). The core <c>Ipv8</c> assembly is added and the application's services are
    /// set on it (<see cref="LauncherModelBuilder.UseServices"/>) before it builds; the rest is as described there.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="createModel">Makes the model builder; called once, when the model is first needed.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="InvalidOperationException">The launcher was already added to <paramref name="services"/>.</exception>
    public static IServiceCollection AddOverlayLauncher(this IServiceCollection services, Func<IServiceProvider, LauncherModelBuilder> createModel)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(createModel);
        if (services.Any(d => d.ServiceType == typeof(IOverlayLauncherService)))
        {
            throw new InvalidOperationException("AddOverlayLauncher was already called on this service collection");
        }

        // One receive loop for every real socket of this container's hosts and tracker, owned (and disposed) by the container.
        services.TryAddSingleton(sp => new UdpEndpointFactory(sp.GetService<ILoggerFactory>()?.CreateLogger<UdpEndpointFactory>()));
        services.AddSingleton<IOverlayLauncherService>(sp => new OverlayLauncherService(
            provider => Extended(createModel(provider).AddAssemblies(typeof(Community).Assembly), provider),
            sp,
            model => sp.GetService<OverlayHostOptions>() ?? DefaultHostOptions(sp, model),
            sp.GetRequiredService<UdpEndpointFactory>()));
        services.AddSingleton(sp => sp.GetRequiredService<IOverlayLauncherService>().Model);
        services.AddSingleton(sp => sp.GetRequiredService<IOverlayLauncherService>().Model.Catalog);
        services.AddSingleton(sp => sp.GetRequiredService<IOverlayLauncherService>().Host);
        services.AddSingleton(sp => sp.GetRequiredService<IOverlayLauncherService>().Host.Registry);
        // Instance 0's discovery manager, for application code (each further instance has its own: Hosts[i].Discovery).
        services.AddSingleton<Ipv8.Rendezvous.IDiscoveryManager>(sp => sp.GetRequiredService<IOverlayLauncherService>().Host.Discovery
            ?? throw new InvalidOperationException("No discovery manager: the configuration has no 'discovery' section with an interface, or the launcher has not started."));

        // A generic host (Host.CreateApplicationBuilder) starts and drains the overlays with the application; a plain
        // service provider never resolves it, so applications that call StartAsync themselves are unaffected.
        services.AddHostedService<OverlayLauncherHostedService>();
        return services;
    }

    /// <summary>The host options without a registered <see cref="OverlayHostOptions"/> (see the remarks of <c>AddOverlayLauncher</c>).</summary>
    private static LauncherModelBuilder Extended(LauncherModelBuilder builder, IServiceProvider services)
    {
        foreach (var extension in services.GetServices<LauncherModelExtension>())
        {
            extension.Configure(builder, services);
        }

        return builder;
    }

    private static OverlayHostOptions DefaultHostOptions(IServiceProvider services, LauncherModel model) => new()
    {
        TimeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System,
        LoggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
        MeterFactory = services.GetService<IMeterFactory>(),
        PeerCache = services.GetService<PeerCacheOptions>(),
        BaseDirectory = model.Configuration.Origin.File is { } file ? Path.GetDirectoryName(Path.GetFullPath(file)) ?? "." : ".",
    };
}
