using Launcher.Connectivity;
using Launcher.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Launcher.Web;

/// <summary>Adds the REST API and dashboard to an application that hosts overlays with <c>AddOverlayLauncher</c>.</summary>
public static class WebApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers an <see cref="ApiServer"/> (a singleton over the registered <see cref="IOverlayLauncherService"/>, the
    /// registered <see cref="ILoggerFactory"/>, <see cref="TimeProvider"/> and <see cref="ConnectivityNodes"/> when present) and an <see cref="ApiHostedService"/>
    /// that starts it with the generic host and stops it before the host's earlier-registered services (so before the
    /// overlays when <c>AddOverlayLauncher</c> came first). Nothing binds until then; a non-loopback endpoint without an API
    /// key fails the host's start.
    /// </summary>
    /// <param name="services">The application's services (<c>AddOverlayLauncher</c> must be called as well).</param>
    /// <param name="options">Binding, key and limits; null = the defaults (127.0.0.1:8085, key from <c>LAUNCHER_API_KEY</c>).</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="InvalidOperationException">The API was already added.</exception>
    public static IServiceCollection AddOverlayLauncherWebApi(this IServiceCollection services, WebApiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ThrowIfAdded(services);
        services.AddSingleton(sp => Create(sp, options ?? new WebApiOptions()));
        return AddHostedService(services, sp => sp.GetRequiredService<ApiServer>());
    }

    /// <summary>
    /// Registers the API like <see cref="AddOverlayLauncherWebApi(IServiceCollection, WebApiOptions?)"/>, with options made when
    /// the host starts (after the launcher's model is built, so they may come from the configuration's <c>api:</c> section).
    /// When <paramref name="options"/> returns null, no API is served. The running server is
    /// <see cref="ApiHostedService.Server"/> (resolve <see cref="ApiHostedService"/>); no <see cref="ApiServer"/> is registered.
    /// </summary>
    /// <param name="services">The application's services (<c>AddOverlayLauncher</c> must be called as well).</param>
    /// <param name="options">Makes the options, or null for no API; its exceptions fail the host's start.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="InvalidOperationException">The API was already added.</exception>
    public static IServiceCollection AddOverlayLauncherWebApi(this IServiceCollection services, Func<IServiceProvider, WebApiOptions?> options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfAdded(services);
        return AddHostedService(services, sp => options(sp) is { } made ? Create(sp, made) : null);
    }

    private static void ThrowIfAdded(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ApiHostedService)))
        {
            throw new InvalidOperationException("AddOverlayLauncherWebApi was already called on this service collection");
        }
    }

    private static IServiceCollection AddHostedService(IServiceCollection services, Func<IServiceProvider, ApiServer?> create)
    {
        services.AddSingleton(sp => new ApiHostedService(() => create(sp)));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ApiHostedService>());
        return services;
    }

    private static ApiServer Create(IServiceProvider services, WebApiOptions options) => new(
        services.GetRequiredService<IOverlayLauncherService>(),
        options,
        services.GetService<ILoggerFactory>(),
        services.GetService<TimeProvider>(),
        services.GetService<ConnectivityNodes>());
}
