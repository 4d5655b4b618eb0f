using Ipv8.Tracker;

namespace Launcher.Hosting;

/// <summary>
/// The tracker an <see cref="OverlayLauncherService"/> hosts for the configuration's <c>tracker:</c> section: a
/// <see cref="TrackerHost"/> run on a pool thread until disposed, with the hosts' key factory, loggers, clock and meter factory.
/// </summary>
internal sealed class HostedTracker : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<TrackerService> _serving = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _run;

    private HostedTracker(TrackerHostOptions tracker, OverlayHostOptions host)
    {
        var trackerHost = new TrackerHost(host.KeyFactory, host.LoggerFactory, host.TimeProvider, host.MeterFactory);
        _run = Task.Run(() => trackerHost.RunAsync(tracker, service => _serving.TrySetResult(service), _stop.Token), CancellationToken.None);
        _ = _run.ContinueWith(
            run =>
            {
                // Ended before serving: the bind failed (or it was stopped first); Serving reports that instead of waiting forever.
                if (run.Exception is { } failure)
                {
                    _serving.TrySetException(failure.InnerExceptions);
                }
                else
                {
                    _serving.TrySetCanceled(CancellationToken.None);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Gets a task completing once the tracker serves (its endpoint bound); it fails with the run's exception if the run ended first.</summary>
    public Task Serving => _serving.Task;

    /// <summary>Gets the tracker once it serves, else null.</summary>
    public TrackerService? Service => _serving.Task.IsCompletedSuccessfully ? _serving.Task.Result : null;

    /// <summary>Starts the tracker on a pool thread.</summary>
    /// <param name="tracker">The tracker's settings (already validated).</param>
    /// <param name="host">The overlay hosts' options: key factory, logger factory and clock.</param>
    /// <returns>The running tracker.</returns>
    public static HostedTracker Start(TrackerHostOptions tracker, OverlayHostOptions host) => new(tracker, host);

    /// <summary>
    /// Stops the tracker and waits until its endpoint is closed. A failure that already came out through <see cref="Serving"/>
    /// (a port in use) is not thrown again.
    /// </summary>
    /// <returns>A task completing when the tracker is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _run.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped while it was still opening its endpoint: stopped all the same.
        }
        catch (Exception) when (_serving.Task.IsFaulted)
        {
            // Reported by Serving (StartAsync threw it).
        }
        finally
        {
            _stop.Dispose();
        }
    }
}
