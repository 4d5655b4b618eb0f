using Launcher.Catalog;
using Launcher.Launching;
using Microsoft.Extensions.DependencyInjection;

namespace Launcher.Hosting;

/// <summary>Hosting the launcher in an application's own process with Microsoft.Extensions.DependencyInjection.</summary>
public static class OverlayLauncherServiceCollectionExtensions
{
    /// <summary>
    /// Registers the launcher: <see cref="IOverlayLauncherService"/> (start/stop; a singleton), and, resolved
    /// through it, the <see cref="LauncherModel"/>, the <see cref="ComponentCatalog"/>, the
    /// <see cref="OverlayHost"/> and the host's <see cref="IOverlayRegistry"/> (the running overlays by name).
    /// Launchers, launch conditions, overlays, strategies and bootstrappers are created from the application's
    /// service provider, so their constructors can take the application's services.
    /// </summary>
    /// <remarks>
    /// <para>Nothing is read while registering. The model is built the first time one of these services is
    /// resolved or <see cref="IOverlayLauncherService.StartAsync"/> runs; an invalid configuration then throws
    /// a <see cref="Launcher.Configuration.ConfigurationException"/> listing every problem (from the resolve
    /// call or from <c>StartAsync</c>). Nothing starts until <c>StartAsync</c> is called; disposing the
    /// service provider stops everything.</para>
    /// <para>Defaults: the core <c>Ipv8</c> assembly is scanned (add launcher assemblies with
    /// <see cref="OverlayLauncherBuilder.AddAssemblies"/>); with no file and no code configuration, py-ipv8's
    /// default configuration is used; real UDP sockets; the registered <see cref="TimeProvider"/> and
    /// <c>ILoggerFactory</c> when present. One host per provider: the configuration's <c>instances</c> is
    /// honoured by the <c>launcher</c> command only (a warning is logged here).</para>
    /// </remarks>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Describes the configuration sources and options.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="InvalidOperationException">The launcher was already added to <paramref name="services"/>.</exception>
    public static IServiceCollection AddOverlayLauncher(this IServiceCollection services, Action<OverlayLauncherBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        if (services.Any(d => d.ServiceType == typeof(IOverlayLauncherService)))
        {
            throw new InvalidOperationException("AddOverlayLauncher was already called on this service collection");
        }

        var builder = new OverlayLauncherBuilder();
        configure(builder);
        services.AddSingleton<IOverlayLauncherService>(sp => new OverlayLauncherService(builder, sp));
        services.AddSingleton(sp => sp.GetRequiredService<IOverlayLauncherService>().Model);
        services.AddSingleton(sp => sp.GetRequiredService<IOverlayLauncherService>().Model.Catalog);
        services.AddSingleton(sp => sp.GetRequiredService<IOverlayLauncherService>().Host);
        services.AddSingleton(sp => sp.GetRequiredService<IOverlayLauncherService>().Host.Registry);
        return services;
    }
}
