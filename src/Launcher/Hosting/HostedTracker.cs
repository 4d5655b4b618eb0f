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

    /// <summary>
    /// Returns <paramref name="tracker"/> with a loopback budget sized for <paramref name="instances"/> local instances
    /// (<see cref="TrackerOptions.LoopbackRequestsPerSecond"/>): a burst of the /24 default plus two datagrams per instance
    /// (a newcomer's request and its answer to the tracker's proof ping, so all instances can join at once), a rate of the
    /// /24 default plus one per instance (each may join again every two seconds). A budget declared in <c>limits</c> is
    /// kept; the /24, per-address and global budgets, which remote sources use, are unchanged.
    /// </summary>
    /// <param name="tracker">The declared tracker's settings.</param>
    /// <param name="instances">The number of overlay instances of this process (at least 1 is assumed).</param>
    /// <returns>The settings the hosted tracker runs with.</returns>
    public static TrackerHostOptions ForLocalInstances(TrackerHostOptions tracker, int instances)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        var limits = tracker.Tracker;
        if (limits.HasLoopbackBudget)
        {
            return tracker;
        }

        // Why not simply raise the /24 budget: that would raise it for every remote /24 too. Only local processes share
        // 127.0.0.1 by construction; this budget is theirs alone and stays bounded by the configured instance count.
        var count = Math.Max(1, instances);
        return tracker with
        {
            Tracker = limits with
            {
                LoopbackRequestsPerSecond = limits.PrefixRequestsPerSecond + count,
                LoopbackRequestBurst = limits.PrefixRequestBurst + (2.0 * count),
            },
        };
    }

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
