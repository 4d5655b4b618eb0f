namespace Ipv8.Simulation;

/// <summary>
/// A deterministic virtual <see cref="TimeProvider"/>: time stands still until <see cref="Advance"/> or
/// <see cref="AdvanceTo"/> moves it, running every timer and simulated datagram delivery that falls due, in
/// order of due time and then of scheduling order. <c>Task.Delay(delay, clock)</c>,
/// <c>new CancellationTokenSource(delay, clock)</c> and <see cref="TimeProvider.CreateTimer"/> all work.
/// </summary>
/// <remarks>
/// <para>Threading: single-threaded by design. All callbacks run on the thread that calls
/// <see cref="Advance"/>, one at a time. Scheduling (creating and changing timers) is guarded by a lock so a
/// continuation that lands on another thread cannot corrupt the queue, but <see cref="Advance"/> must not be
/// called concurrently or from inside a callback (that throws <see cref="InvalidOperationException"/>).</para>
/// <para>A timer due now (due time zero) runs on the next <see cref="Advance"/>, even <c>Advance(TimeSpan.Zero)</c>,
/// never inside <see cref="TimeProvider.CreateTimer"/>. An exception thrown by a callback propagates out of
/// <see cref="Advance"/>; the clock stays consistent (the event has been removed, a periodic timer re-armed).</para>
/// <para>Timestamps are ticks (100 ns) since <see cref="Start"/>; <see cref="TimeProvider.LocalTimeZone"/> is UTC.</para>
/// </remarks>
public sealed class VirtualClock : TimeProvider
{
    /// <summary>The default start time: 2025-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const int CompactionThreshold = 1024;

    private readonly PriorityQueue<ScheduledEvent, DueTime> _queue = new();
    private readonly Lock _gate = new();
    private long _now;
    private long _sequence;
    private int _stale;
    private bool _running;

    /// <summary>Creates a clock at <see cref="DefaultStart"/>.</summary>
    public VirtualClock()
        : this(DefaultStart)
    {
    }

    /// <summary>Creates a clock whose virtual time starts at <paramref name="start"/>.</summary>
    public VirtualClock(DateTimeOffset start) => Start = start;

    /// <summary>Gets the virtual time at which the clock started.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Gets the virtual time elapsed since <see cref="Start"/>.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Volatile.Read(ref _now));

    /// <summary>Gets the number of scheduled entries (including superseded timer entries not yet discarded).</summary>
    public int PendingEvents
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Gets the current virtual time in ticks since <see cref="Start"/>.</summary>
    internal long NowTicks => Volatile.Read(ref _now);

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => Start + Elapsed;

    /// <inheritdoc/>
    public override long GetTimestamp() => Volatile.Read(ref _now);

    /// <inheritdoc/>
    /// <remarks>The timer fires only while the clock is advanced; see the class remarks.</remarks>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves virtual time forward by <paramref name="delta"/>, running everything that falls due.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">Called from inside a callback.</exception>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        RunUntil(checked(NowTicks + delta.Ticks));
    }

    /// <summary>Moves virtual time forward to <paramref name="time"/>, running everything that falls due.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is earlier than now.</exception>
    /// <exception cref="InvalidOperationException">Called from inside a callback.</exception>
    public void AdvanceTo(DateTimeOffset time)
    {
        var target = (time - Start).Ticks;
        ArgumentOutOfRangeException.ThrowIfLessThan(target, NowTicks, nameof(time));
        RunUntil(target);
    }

    /// <summary>
    /// Jumps to the earliest scheduled entry, if any, and runs every entry due at that instant.
    /// </summary>
    /// <returns>False when nothing is scheduled (time does not move).</returns>
    public bool RunNext()
    {
        long due;
        lock (_gate)
        {
            if (!_queue.TryPeek(out _, out var first))
            {
                return false;
            }

            due = Math.Max(first.Ticks, _now);
        }

        RunUntil(due);
        return true;
    }

    /// <summary>Schedules <paramref name="target"/> to fire with <paramref name="argument"/> at <paramref name="dueTicks"/> (clamped to now).</summary>
    internal void Schedule(long dueTicks, IVirtualEvent target, long argument)
    {
        lock (_gate)
        {
            _queue.Enqueue(new ScheduledEvent(target, argument), new DueTime(Math.Max(dueTicks, _now), _sequence++));
        }
    }

    /// <summary>Notes that one scheduled entry was superseded; compacts the queue when they pile up.</summary>
    internal void MarkStale()
    {
        lock (_gate)
        {
            if (++_stale < CompactionThreshold || _stale < _queue.Count / 2)
            {
                return;
            }

            // A superseded entry may already have fired and left the queue, so the stale count can exceed what is queued.
            var live = new List<(ScheduledEvent Event, DueTime Due)>(Math.Max(0, _queue.Count - _stale));
            foreach (var (item, priority) in _queue.UnorderedItems)
            {
                if (item.Target.IsLive(item.Argument))
                {
                    live.Add((item, priority));
                }
            }

            _queue.Clear();
            _queue.EnqueueRange(live);
            _stale = 0;
        }
    }

    private void RunUntil(long target)
    {
        lock (_gate)
        {
            if (_running)
            {
                throw new InvalidOperationException("The virtual clock cannot be advanced from inside one of its callbacks.");
            }

            _running = true;
        }

        try
        {
            while (true)
            {
                ScheduledEvent next;
                lock (_gate)
                {
                    if (!_queue.TryPeek(out next, out var due) || due.Ticks > target)
                    {
                        break;
                    }

                    _queue.Dequeue();
                    Volatile.Write(ref _now, due.Ticks);
                }

                next.Target.Fire(next.Argument);
            }

            lock (_gate)
            {
                if (_now < target)
                {
                    Volatile.Write(ref _now, target);
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _running = false;
            }
        }
    }

    private readonly record struct ScheduledEvent(IVirtualEvent Target, long Argument);

    private readonly record struct DueTime(long Ticks, long Sequence) : IComparable<DueTime>
    {
        public int CompareTo(DueTime other)
        {
            var byTime = Ticks.CompareTo(other.Ticks);
            return byTime != 0 ? byTime : Sequence.CompareTo(other.Sequence);
        }
    }
}
