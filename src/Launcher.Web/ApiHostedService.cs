using Microsoft.Extensions.Hosting;

namespace Launcher.Web;

/// <summary>
/// Starts and stops an <see cref="ApiServer"/> with the generic host (registered by
/// <see cref="WebApiServiceCollectionExtensions.AddOverlayLauncherWebApi(Microsoft.Extensions.DependencyInjection.IServiceCollection, WebApiOptions?)"/>).
/// The server is made when the host starts, so its options may come from the launcher's model (the <c>api:</c> section);
/// when there is none to make, nothing is served.
/// </summary>
public sealed class ApiHostedService : IHostedService
{
    private readonly Func<ApiServer?> _create;

    /// <summary>Creates the service; <paramref name="create"/> runs once, at the first start.</summary>
    /// <param name="create">Makes the server (not started), or returns null when no API is configured.</param>
    public ApiHostedService(Func<ApiServer?> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        _create = create;
    }

    /// <summary>Gets the server once made (null before the host starts, or when no API is configured); its <see cref="ApiServer.Address"/> is set while it serves.</summary>
    public ApiServer? Server { get; private set; }

    /// <summary>Makes the server if needed and starts it.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task completing once the server listens.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="InvalidOperationException">A non-loopback binding without a key, or an unreadable key file.</exception>
    /// <exception cref="IOException">The address cannot be bound.</exception>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Server ??= _create();
        return Server is { Address: null } server ? server.StartAsync(cancellationToken) : Task.CompletedTask;
    }

    /// <summary>Stops the server (open event streams end); nothing when none was made.</summary>
    /// <param name="cancellationToken">Ends the graceful stop early.</param>
    /// <returns>A task completing when the server is stopped.</returns>
    public Task StopAsync(CancellationToken cancellationToken) => Server?.StopAsync(cancellationToken) ?? Task.CompletedTask;
}
