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
    /// registered <see cref="ILoggerFactory"/> and <see cref="TimeProvider"/> when present) and an <see cref="IHostedService"/>
    /// that starts it with the generic host and stops it before the host's later-registered services. Nothing binds until
    /// then; a non-loopback endpoint without an API key fails the host's start.
    /// </summary>
    /// <param name="services">The application's services (<c>AddOverlayLauncher</c> must be called as well).</param>
    /// <param name="options">Binding, key and limits; null = the defaults (127.0.0.1:8085, key from <c>LAUNCHER_API_KEY</c>).</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="InvalidOperationException">The API was already added.</exception>
    public static IServiceCollection AddOverlayLauncherWebApi(this IServiceCollection services, WebApiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(ApiServer)))
        {
            throw new InvalidOperationException("AddOverlayLauncherWebApi was already called on this service collection");
        }

        services.AddSingleton(sp => new ApiServer(
            sp.GetRequiredService<IOverlayLauncherService>(),
            options ?? new WebApiOptions(),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<TimeProvider>()));
        services.AddSingleton<IHostedService, ApiHostedService>();
        return services;
    }
}
