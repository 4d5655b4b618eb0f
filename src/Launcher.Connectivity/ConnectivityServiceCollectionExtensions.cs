using Ipv8.Connectivity.Ladder;
using Ipv8.Connectivity.Pipes;
using Launcher.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Launcher.Connectivity;

/// <summary>Registers the launcher's connectivity (the <c>connectivity:</c> section) in DI.</summary>
public static class ConnectivityServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ConnectivityNodes"/> (one node per overlay host of the <c>AddOverlayLauncher</c> registration)
    /// and <see cref="IConnector"/>, the connector of instance 0 (<see cref="ConnectivityNodes.GetNodeAsync"/> gives any
    /// instance's). Application pipe handlers are registered as <see cref="IPipeHandler"/>; <c>echo</c> is built in.
    /// Resolve <see cref="ConnectivityNodes"/> or <see cref="IConnector"/> before starting the launcher.
    /// </summary>
    /// <param name="services">The services, with <c>AddOverlayLauncher</c> registered.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddOverlayConnectivity(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp => new ConnectivityNodes(sp.GetRequiredService<IOverlayLauncherService>(), sp.GetServices<IPipeHandler>(), sp.GetService<OverlayHostOptions>()));
        services.TryAddSingleton<IConnector>(sp => new InstanceConnector(sp.GetRequiredService<ConnectivityNodes>(), 0));
        return services;
    }
}
