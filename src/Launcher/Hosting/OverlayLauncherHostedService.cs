using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Launcher.Hosting;

/// <summary>
/// The <see cref="IHostedService"/> that <c>AddOverlayLauncher</c> registers, so an application built with
/// <c>Host.CreateApplicationBuilder</c> starts the overlays with the host and drains them when it stops (SIGTERM, Ctrl-C,
/// <c>StopApplication</c>): a thin forwarder to the registered <see cref="IOverlayLauncherService"/>.
/// </summary>
/// <remarks>
/// Start failures (<see cref="Launcher.Configuration.ConfigurationException"/>, <see cref="OverlayLaunchException"/>, a port in
/// use) leave <see cref="StartAsync"/> and so fail the host's start, with nothing left open. Stopping unloads the overlays
/// in reverse order (their peer caches written first) and closes the endpoints. The drain is bounded by the host's
/// <c>HostOptions.ShutdownTimeout</c>: when the stop token fires first, a warning is logged and <see cref="StopAsync"/>
/// returns (without throwing) while the drain goes on in the background, so the host's stop never waits longer.
/// </remarks>
internal sealed class OverlayLauncherHostedService(IOverlayLauncherService launcher, IServiceProvider services) : IHostedService
{
    private readonly ILogger _logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<OverlayLauncherHostedService>();

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken) => launcher.StartAsync(cancellationToken);

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // The launcher's stop is never aborted half-way (a cache half written is worse than none): only the wait is bounded.
        var stopping = launcher.StopAsync(CancellationToken.None);
        try
        {
            await stopping.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            HostLog.DrainTimedOut(_logger);
        }
    }
}
