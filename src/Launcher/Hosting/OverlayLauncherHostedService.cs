using Microsoft.Extensions.Hosting;

namespace Launcher.Hosting;

/// <summary>
/// The <see cref="IHostedService"/> that <c>AddOverlayLauncher</c> registers, so an application built with
/// <c>Host.CreateApplicationBuilder</c> starts the overlays with the host and drains them when it stops (SIGTERM, Ctrl-C,
/// <c>StopApplication</c>): a thin forwarder to the registered <see cref="IOverlayLauncherService"/>.
/// </summary>
/// <remarks>
/// Start failures (<see cref="Launcher.Configuration.ConfigurationException"/>, <see cref="OverlayLaunchException"/>, a port in
/// use) leave <see cref="StartAsync"/> and so fail the host's start, with nothing left open. Stopping unloads the overlays
/// in reverse order (their peer caches written first) and closes the endpoints; it is bounded by the host's
/// <c>HostOptions.ShutdownTimeout</c> only in that the host stops waiting, the stop itself is not aborted.
/// </remarks>
internal sealed class OverlayLauncherHostedService(IOverlayLauncherService launcher) : IHostedService
{
    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken) => launcher.StartAsync(cancellationToken);

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => launcher.StopAsync(cancellationToken);
}
