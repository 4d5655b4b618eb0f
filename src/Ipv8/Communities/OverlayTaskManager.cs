using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipv8.Communities;

/// <summary>
/// Named timers and background tasks of one overlay (py-ipv8 <c>TaskManager</c>, spec 12.2), driven by a
/// <see cref="TimeProvider"/>: run once after a delay, run periodically, or run asynchronous work; cancel by name;
/// shut down.
/// </summary>
/// <remarks>
/// <para>Timer callbacks run while holding the lock given at construction (a community passes
/// <c>Network.SyncRoot</c>). Asynchronous work (<see cref="RegisterAsync"/>) runs without the lock and takes it
/// itself where needed.</para>
/// <para>Exceptions from callbacks and tasks are logged and counted in <see cref="Failures"/>; they never escape.
/// A periodic interval is measured from the end of one run to the start of the next.</para>
/// </remarks>
public sealed class OverlayTaskManager : IAsyncDisposable
{
    private readonly Dictionary<string, Registration> _tasks = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly object _syncRoot;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _shutdownSource = new();
    private long _counter;
    private long _failures;
    private bool _shutdown;
    private int _disposed;

    /// <summary>Creates a task manager.</summary>
    /// <param name="timeProvider">The clock for delays and intervals.</param>
    /// <param name="syncRoot">The lock held around timer callbacks; a private one when null.</param>
    /// <param name="logger">Where failures are logged.</param>
    public OverlayTaskManager(TimeProvider timeProvider, object? syncRoot = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _syncRoot = syncRoot ?? new object();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the number of callbacks and tasks that threw.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Gets the number of registered (pending or running) tasks.</summary>
    public int Count
    {
        get
        {
            lock (_syncRoot)
            {
                return _tasks.Count;
            }
        }
    }

    /// <summary>Gets a token cancelled by <see cref="ShutdownAsync"/>.</summary>
    public CancellationToken ShutdownToken => _shutdownSource.Token;

    /// <summary>Returns a fresh name <c>"{baseName} {n}"</c> for an anonymous task.</summary>
    public string CreateName(string baseName) => FormattableString.Invariant($"{baseName} {Interlocked.Increment(ref _counter)}");

    /// <summary>Runs <paramref name="callback"/> once after <paramref name="delay"/> (under the lock).</summary>
    /// <returns>False after shutdown (nothing is registered).</returns>
    /// <exception cref="InvalidOperationException">A task named <paramref name="name"/> is still registered.</exception>
    public bool RegisterOnce(string name, TimeSpan delay, Action callback)
        => RegisterTimer(name, delay, Timeout.InfiniteTimeSpan, callback);

    /// <summary>
    /// Runs <paramref name="callback"/> every <paramref name="interval"/> (under the lock), first after
    /// <paramref name="delay"/> (default: <paramref name="interval"/>).
    /// </summary>
    /// <returns>False after shutdown (nothing is registered).</returns>
    /// <exception cref="InvalidOperationException">A task named <paramref name="name"/> is still registered.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is not positive.</exception>
    public bool RegisterPeriodic(string name, TimeSpan interval, Action callback, TimeSpan? delay = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return RegisterTimer(name, delay ?? interval, interval, callback);
    }

    /// <summary>
    /// Starts <paramref name="work"/> now (without the lock) and tracks it until it completes. The token is cancelled
    /// by <see cref="Cancel"/> and <see cref="ShutdownAsync"/>.
    /// </summary>
    /// <returns>False after shutdown (nothing is started).</returns>
    /// <exception cref="InvalidOperationException">A task named <paramref name="name"/> is still registered.</exception>
    public bool RegisterAsync(string name, Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Registration registration;
        lock (_syncRoot)
        {
            if (!Reserve(name))
            {
                return false;
            }

            registration = new Registration(name, CancellationTokenSource.CreateLinkedTokenSource(_shutdownSource.Token));
            _tasks[name] = registration;
        }

        registration.Task = RunAsync(registration, work);
        return true;
    }

    /// <summary>Returns true when a task named <paramref name="name"/> is registered.</summary>
    public bool IsPending(string name)
    {
        lock (_syncRoot)
        {
            return _tasks.ContainsKey(name);
        }
    }

    /// <summary>Cancels the task named <paramref name="name"/>. Returns false when there is none.</summary>
    public bool Cancel(string name)
    {
        lock (_syncRoot)
        {
            if (!_tasks.Remove(name, out var registration))
            {
                return false;
            }

            registration.Stop();
            return true;
        }
    }

    /// <summary>Cancels every task; the manager stays usable.</summary>
    public void CancelAll()
    {
        lock (_syncRoot)
        {
            foreach (var registration in _tasks.Values)
            {
                registration.Stop();
            }

            _tasks.Clear();
        }
    }

    /// <summary>Cancels every task, refuses new ones and waits for running asynchronous work to end. Idempotent.</summary>
    public async ValueTask ShutdownAsync()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        List<Task> running = [];
        lock (_syncRoot)
        {
            _shutdown = true;
            foreach (var registration in _tasks.Values)
            {
                if (registration.Task is { } task)
                {
                    running.Add(task);
                }

                registration.Stop();
            }

            _tasks.Clear();
        }

        await _shutdownSource.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>Idempotent: a second call (a community disposed twice) does nothing.</remarks>
    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        await ShutdownAsync().ConfigureAwait(false);
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _shutdownSource.Dispose();
        }
    }

    private bool RegisterTimer(string name, TimeSpan delay, TimeSpan interval, Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_syncRoot)
        {
            if (!Reserve(name))
            {
                return false;
            }

            var registration = new Registration(name, null) { Callback = callback, Interval = interval };
            _tasks[name] = registration;
            registration.Timer = _timeProvider.CreateTimer(static state => ((TimerState)state!).Fire(), new TimerState(this, registration), delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
            return true;
        }
    }

    private bool Reserve(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_shutdown)
        {
            return false;
        }

        if (_tasks.ContainsKey(name))
        {
            throw new InvalidOperationException($"A task named '{name}' is already registered.");
        }

        return true;
    }

    private void OnTimer(Registration registration)
    {
        lock (_syncRoot)
        {
            if (registration.Stopped || !_tasks.TryGetValue(registration.Name, out var held) || !ReferenceEquals(held, registration))
            {
                return;
            }

            var periodic = registration.Interval != Timeout.InfiniteTimeSpan;
            if (!periodic)
            {
                _tasks.Remove(registration.Name);
            }

            try
            {
                registration.Callback!();
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref _failures);
                Log.TaskFailed(_logger, ex, registration.Name);
            }

            if (periodic && !registration.Stopped)
            {
                registration.Timer?.Change(registration.Interval, Timeout.InfiniteTimeSpan);
            }
            else
            {
                registration.Timer?.Dispose();
            }
        }
    }

    private async Task RunAsync(Registration registration, Func<CancellationToken, Task> work)
    {
        try
        {
            await work(registration.Cancellation!.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (registration.Cancellation!.IsCancellationRequested)
        {
            // Cancelled by Cancel or ShutdownAsync: not a failure.
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _failures);
            Log.TaskFailed(_logger, ex, registration.Name);
        }
        finally
        {
            lock (_syncRoot)
            {
                if (_tasks.TryGetValue(registration.Name, out var held) && ReferenceEquals(held, registration))
                {
                    _tasks.Remove(registration.Name);
                }
            }

            registration.Cancellation!.Dispose();
        }
    }

    private sealed class Registration(string name, CancellationTokenSource? cancellation)
    {
        public string Name { get; } = name;

        public CancellationTokenSource? Cancellation { get; } = cancellation;

        public Action? Callback { get; init; }

        public TimeSpan Interval { get; init; }

        public ITimer? Timer { get; set; }

        public Task? Task { get; set; }

        public bool Stopped { get; private set; }

        public void Stop()
        {
            Stopped = true;
            Timer?.Dispose();
            if (Cancellation is { } cts)
            {
                try
                {
                    cts.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The work already finished.
                }
            }
        }
    }

    private sealed class TimerState(OverlayTaskManager manager, Registration registration)
    {
        public void Fire() => manager.OnTimer(registration);
    }
}
