using Microsoft.Extensions.Hosting;

namespace Launcher.Web;

/// <summary>Starts and stops the <see cref="ApiServer"/> with the generic host.</summary>
internal sealed class ApiHostedService(ApiServer server) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => server.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(cancellationToken);
}
