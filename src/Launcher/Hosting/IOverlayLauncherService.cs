using Ipv8.Tracker;
using Launcher.Configuration;
using Launcher.Launching;

namespace Launcher.Hosting;

/// <summary>
/// Starts and stops everything a configuration declares, in the application's own process (registered by
/// <see cref="OverlayLauncherServiceCollectionExtensions.AddOverlayLauncher(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{LauncherModelBuilder})"/>;
/// shaped like <c>IHostedService</c>, which the application can forward to): one <see cref="OverlayHost"/> per
/// configured instance (<c>instances</c>, default 1; each with its own endpoint and its own keys) and the hosted tracker
/// (<c>tracker:</c>) when one is declared. The <c>launcher run</c> command is one such application. A singleton per
/// service provider; disposing the service provider stops everything.
/// </summary>
public interface IOverlayLauncherService : IAsyncDisposable, IDisposable
{
    /// <summary>
    /// Raised after each instance's host has started (endpoint bound, overlays launched), in instance order, on the thread
    /// running <see cref="StartAsync"/> and before the next instance starts. A handler that throws fails the start (everything
    /// started is stopped again and the exception leaves <see cref="StartAsync"/>).
    /// </summary>
    event EventHandler<OverlayHostStartedEventArgs>? HostStarted;

    /// <summary>
    /// Gets the validated model (configuration, catalog, plan), built on first access: the configuration callback runs,
    /// plugins are loaded, files read, launch conditions evaluated. A failure is cached and rethrown on every access.
    /// </summary>
    /// <exception cref="ConfigurationException">The configuration is invalid; carries every problem.</exception>
    LauncherModel Model { get; }

    /// <summary>Gets the first instance's host (instance 0; created with the model on first access).</summary>
    /// <exception cref="ConfigurationException">The configuration is invalid.</exception>
    OverlayHost Host { get; }

    /// <summary>
    /// Gets one host per configured instance, in instance order (<see cref="Launcher.Definitions.LauncherConfiguration.Instances"/>,
    /// at least one), created with the model on first access. Every host runs the same plan with its own endpoint and keys,
    /// so with more than one instance the interfaces should use port 0 and the keys should be ephemeral.
    /// </summary>
    /// <exception cref="ConfigurationException">The configuration is invalid.</exception>
    IReadOnlyList<OverlayHost> Hosts { get; }

    /// <summary>Gets the hosted tracker while it serves (the configuration's <c>tracker:</c> section); null when none is declared or the service is stopped.</summary>
    TrackerService? Tracker { get; }

    /// <summary>Gets a value indicating whether the overlays are running.</summary>
    bool IsRunning { get; }

    /// <summary>
    /// Builds the model if needed, then starts instance 0's host (see <see cref="OverlayHost.StartAsync(CancellationToken)"/>), then the hosted
    /// tracker beside the further instances' hosts, and completes once every host has launched and the tracker serves. On any
    /// failure nothing stays started. Starting a running service does nothing; a stopped one starts again.
    /// </summary>
    /// <param name="cancellationToken">Cancels opening the endpoints.</param>
    /// <returns>A task completing when every overlay has launched and the tracker (if any) serves.</returns>
    /// <exception cref="ConfigurationException">The configuration (or its tracker section) is invalid; nothing was opened.</exception>
    /// <exception cref="OverlayLaunchException">A constructor, launcher hook or <c>on_start</c> call threw; everything was stopped.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">An endpoint or the tracker's port could not be bound; everything was stopped.</exception>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stops the hosts in reverse instance order (each stops its overlays in reverse launch order and closes its endpoint), then
    /// the tracker; does nothing when not running.
    /// </summary>
    /// <param name="cancellationToken">Not used by the stop itself (kept for the <c>IHostedService</c> shape); a canceled token does not abort the stop.</param>
    /// <returns>A task completing when everything is closed.</returns>
    Task StopAsync(CancellationToken cancellationToken = default);
}
