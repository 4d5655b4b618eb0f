namespace Launcher.Hosting;

/// <summary>
/// Data of <see cref="IOverlayLauncherService.HostStarted"/>: one instance's host has opened its endpoint and launched its
/// overlays.
/// </summary>
public sealed class OverlayHostStartedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="host">The host that started.</param>
    /// <param name="instance">Its 0-based instance number (the configuration's <c>instances</c> runs 0 to N-1).</param>
    /// <exception cref="ArgumentNullException"><paramref name="host"/> is null.</exception>
    public OverlayHostStartedEventArgs(OverlayHost host, int instance)
    {
        ArgumentNullException.ThrowIfNull(host);
        Host = host;
        Instance = instance;
    }

    /// <summary>Gets the host that started (its <see cref="OverlayHost.Endpoint"/> is bound).</summary>
    public OverlayHost Host { get; }

    /// <summary>Gets the 0-based instance number of <see cref="Host"/>.</summary>
    public int Instance { get; }
}
