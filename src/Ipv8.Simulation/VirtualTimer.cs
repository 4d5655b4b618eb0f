namespace Ipv8.Simulation;

/// <summary>
/// A timer of a <see cref="VirtualClock"/>. Each arming schedules one clock entry tagged with the timer's
/// version; <see cref="Change"/> and <see cref="Dispose"/> bump the version, so superseded entries are
/// skipped when they come due (and compacted away by the clock when they pile up).
/// </summary>
internal sealed class VirtualTimer : ITimer, IVirtualEvent
{
    private readonly VirtualClock _clock;
    private readonly TimerCallback _callback;
    private readonly object? _state;
    private readonly Lock _gate = new();
    private long _version;
    private long _periodTicks;
    private bool _armed;
    private bool _disposed;

    public VirtualTimer(VirtualClock clock, TimerCallback callback, object? state)
    {
        _clock = clock;
        _callback = callback;
        _state = state;
    }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        }

        if (period != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(period, TimeSpan.Zero);
        }

        bool wasArmed;
        long version;
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            wasArmed = _armed;
            version = ++_version;
            _periodTicks = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
            _armed = dueTime != Timeout.InfiniteTimeSpan;
        }

        if (wasArmed)
        {
            _clock.MarkStale();
        }

        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _clock.Schedule(_clock.NowTicks + dueTime.Ticks, this, version);
        }

        return true;
    }

    public void Fire(long argument)
    {
        long period;
        lock (_gate)
        {
            if (_disposed || argument != _version)
            {
                return;
            }

            period = _periodTicks;
            _armed = period > 0;
        }

        // Scheduled outside the timer's lock: the clock takes timer locks while compacting.
        if (period > 0)
        {
            _clock.Schedule(_clock.NowTicks + period, this, argument);
        }

        _callback(_state);
    }

    public bool IsLive(long argument)
    {
        lock (_gate)
        {
            return !_disposed && argument == _version;
        }
    }

    public void Dispose()
    {
        bool wasArmed;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            wasArmed = _armed;
            _armed = false;
            _version++;
        }

        if (wasArmed)
        {
            _clock.MarkStale();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
