namespace Ipv8.Rendezvous;

/// <summary>The <see cref="IDiscoveryAdvertisement"/> of a <see cref="DiscoveryManager"/>: one renewal timer per interface.</summary>
internal sealed class DiscoveryAdvertisement(DiscoveryManager manager, string ns) : IDiscoveryAdvertisement
{
    private readonly object _lock = new();
    private readonly Dictionary<IDiscoveryInterface, ITimer> _timers = [];
    private readonly Dictionary<IDiscoveryInterface, int> _failures = [];
    private int _renewals;
    private bool _stopped;

    public string Namespace { get; } = ns;

    public int Renewals => Volatile.Read(ref _renewals);

    public bool IsStopped => Volatile.Read(ref _stopped);

    public void Start()
    {
        foreach (var discovery in manager.Interfaces.Where(i => i.CanAdvertise))
        {
            var timer = manager.TimeProvider.CreateTimer(_ => Renew(discovery), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            lock (_lock)
            {
                _timers[discovery] = timer;
            }

            Renew(discovery);
        }
    }

    public void Stop()
    {
        ITimer[] timers;
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            Volatile.Write(ref _stopped, true);
            timers = [.. _timers.Values];
            _timers.Clear();
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }

        foreach (var discovery in manager.Interfaces.Where(i => i.CanAdvertise))
        {
            discovery.StopAdvertising(Namespace);
        }

        manager.Forget(this);
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private void Renew(IDiscoveryInterface discovery)
    {
        if (!IsStopped)
        {
            discovery.Advertise(Namespace, lifetime => Schedule(discovery, lifetime));
        }
    }

    private void Schedule(IDiscoveryInterface discovery, TimeSpan? lifetime)
    {
        TimeSpan next;
        if (lifetime is not { } lasts)
        {
            // A point that was not up yet (nodes started together) is tried again soon, then less and less often.
            int failures;
            lock (_lock)
            {
                failures = _failures.GetValueOrDefault(discovery);
                _failures[discovery] = failures + 1;
            }

            var backoff = manager.Options.EmptyRetryInterval * Math.Pow(2, Math.Min(failures, 20));
            next = backoff < manager.Options.RetryInterval ? backoff : manager.Options.RetryInterval;
        }
        else
        {
            lock (_lock)
            {
                _failures.Remove(discovery);
            }

            Interlocked.Increment(ref _renewals);
            if (lasts == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            // Renew well before the expiry, but never busy-loop on a tiny lifetime.
            next = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, (long)(lasts.Ticks * manager.Options.RenewAt)));
        }

        lock (_lock)
        {
            if (!_stopped && _timers.TryGetValue(discovery, out var timer))
            {
                timer.Change(next, Timeout.InfiniteTimeSpan);
            }
        }
    }
}
