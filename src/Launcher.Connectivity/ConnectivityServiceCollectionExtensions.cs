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
    /// instance's). Pipe handlers are found by protocol name: application instances registered as <see cref="IPipeHandler"/>,
    /// then public handler classes of the scanned and plugin assemblies (<see cref="PipeHandlerComponents"/>); <c>echo</c>
    /// is built in. Unknown names in <c>connectivity.handlers</c> are refused when the model is built.
    /// Resolve <see cref="ConnectivityNodes"/> or <see cref="IConnector"/> before starting the launcher.
    /// </summary>
    /// <param name="services">The services, with <c>AddOverlayLauncher</c> registered.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddOverlayConnectivity(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(d => d.ServiceType == typeof(ConnectivityNodes)))
        {
            // The model learns the pipe-handler kind, so unknown handler names are refused when it is built.
            services.AddSingleton(new LauncherModelExtension((builder, sp) => builder.AddPipeHandlers(sp.GetServices<IPipeHandler>())));
        }

        services.TryAddSingleton(sp => new ConnectivityNodes(sp.GetRequiredService<IOverlayLauncherService>(), sp.GetServices<IPipeHandler>(), sp.GetService<OverlayHostOptions>(), sp));
        services.TryAddSingleton<IConnector>(sp => new InstanceConnector(sp.GetRequiredService<ConnectivityNodes>(), 0));
        return services;
    }
}
