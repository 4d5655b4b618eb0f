using Launcher.Configuration;
using Launcher.Launching;

namespace Launcher.Hosting;

/// <summary>
/// Starts and stops the overlays of an application that hosts the launcher in its own process (registered by
/// <see cref="OverlayLauncherServiceCollectionExtensions.AddOverlayLauncher"/>; shaped like
/// <c>IHostedService</c>, which the application can forward to). A singleton: one <see cref="OverlayHost"/>
/// per service provider. Disposing the service provider stops the overlays.
/// </summary>
public interface IOverlayLauncherService : IAsyncDisposable, IDisposable
{
    /// <summary>
    /// Gets the validated model (configuration, catalog, plan), built on first access: plugins are loaded,
    /// files read, launch conditions evaluated. A failure is cached and rethrown on every access.
    /// </summary>
    /// <exception cref="ConfigurationException">The configuration is invalid; carries every problem.</exception>
    LauncherModel Model { get; }

    /// <summary>Gets the host that runs the overlays (created with the model on first access).</summary>
    /// <exception cref="ConfigurationException">The configuration is invalid.</exception>
    OverlayHost Host { get; }

    /// <summary>Gets a value indicating whether the overlays are running.</summary>
    bool IsRunning { get; }

    /// <summary>
    /// Builds the model if needed and launches the planned overlays (see <see cref="OverlayHost.StartAsync(CancellationToken)"/>):
    /// on failure nothing stays started. Starting a running service does nothing; a stopped one starts again.
    /// </summary>
    /// <param name="cancellationToken">Cancels opening the endpoint.</param>
    /// <returns>A task completing when every overlay has launched.</returns>
    /// <exception cref="ConfigurationException">The configuration is invalid; nothing was opened.</exception>
    /// <exception cref="OverlayLaunchException">A constructor, launcher hook or <c>on_start</c> call threw; everything was stopped.</exception>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops the overlays in reverse launch order and closes the endpoint; does nothing when not running.</summary>
    /// <param name="cancellationToken">Not used by the stop itself (kept for the <c>IHostedService</c> shape); a canceled token does not abort the stop.</param>
    /// <returns>A task completing when everything is closed.</returns>
    Task StopAsync(CancellationToken cancellationToken = default);
}
