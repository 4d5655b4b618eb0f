namespace Ipv8.Simulation.Tests;

public class VirtualClockTests
{
    [Test]
    public void Change_ManyReschedulesWhoseStaleEntriesAlreadyRan_KeepsFiring()
    {
        // Each Change of an armed periodic timer leaves a stale entry; once those have run off the queue the clock's stale
        // count exceeds what is queued, and the compaction it triggers must not trip over that.
        var clock = new VirtualClock();
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1));

        for (var i = 0; i < 3000; i++)
        {
            timer.Change(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1));
            clock.Advance(TimeSpan.FromMilliseconds(2));
        }

        Assert.That(fired, Is.GreaterThanOrEqualTo(3000));
    }

    [Test]
    public void Advance_TimersDueAtDifferentTimes_RunInDueOrder()
    {
        var clock = new VirtualClock();
        var order = new List<string>();
        using var late = clock.CreateTimer(_ => order.Add("late"), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => order.Add("early"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var sameAsLateFirst = clock.CreateTimer(_ => order.Add("late2"), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(2));
        var afterTwo = order.ToList();
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(afterTwo, Is.EqualTo(new[] { "early" }));
            Assert.That(order, Is.EqualTo(new[] { "early", "late", "late2" }));
            Assert.That(clock.Elapsed, Is.EqualTo(TimeSpan.FromSeconds(3)));
        });
    }

    [Test]
    public void Advance_CallbackSeesItsDueTime()
    {
        var clock = new VirtualClock();
        DateTimeOffset? seen = null;
        using var timer = clock.CreateTimer(_ => seen = clock.GetUtcNow(), null, TimeSpan.FromMilliseconds(1500), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.EqualTo(VirtualClock.DefaultStart + TimeSpan.FromMilliseconds(1500)));
            Assert.That(clock.GetUtcNow(), Is.EqualTo(VirtualClock.DefaultStart + TimeSpan.FromSeconds(10)));
        });
    }

    [Test]
    public void Advance_PeriodicTimer_FiresEveryPeriod()
    {
        var clock = new VirtualClock();
        var times = new List<TimeSpan>();
        using var timer = clock.CreateTimer(_ => times.Add(clock.Elapsed), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        clock.Advance(TimeSpan.FromSeconds(8));

        Assert.That(times, Is.EqualTo(new[] { 1, 3, 5, 7 }.Select(s => TimeSpan.FromSeconds(s))));
    }

    [Test]
    public void Change_FromInsideCallback_Reschedules()
    {
        var clock = new VirtualClock();
        var times = new List<TimeSpan>();
        ITimer? timer = null;
        timer = clock.CreateTimer(
            _ =>
            {
                times.Add(clock.Elapsed);
                if (times.Count < 3)
                {
                    timer!.Change(TimeSpan.FromSeconds(times.Count * 10), Timeout.InfiniteTimeSpan);
                }
            },
            null,
            TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(1));

        clock.Advance(TimeSpan.FromMinutes(1));
        timer.Dispose();

        Assert.That(times, Is.EqualTo(new[] { 1, 11, 31 }.Select(s => TimeSpan.FromSeconds(s))));
    }

    [Test]
    public void Dispose_ArmedTimer_NeverFires()
    {
        var clock = new VirtualClock();
        var fired = 0;
        var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));

        timer.Dispose();
        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(fired, Is.EqualTo(1));
            Assert.That(timer.Change(TimeSpan.Zero, TimeSpan.Zero), Is.False);
        });
    }

    [Test]
    public void CreateTimer_DueZero_RunsOnNextAdvanceNotInline()
    {
        var clock = new VirtualClock();
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        var inline = fired;

        clock.Advance(TimeSpan.Zero);

        Assert.Multiple(() =>
        {
            Assert.That(inline, Is.Zero);
            Assert.That(fired, Is.EqualTo(1));
        });
    }

    [Test]
    public void TaskDelay_WithClock_CompletesOnlyWhenDue()
    {
        var clock = new VirtualClock();
        var delay = Task.Delay(TimeSpan.FromSeconds(5), clock);

        clock.Advance(TimeSpan.FromSeconds(4.999));
        var early = delay.IsCompleted;
        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(early, Is.False);
            Assert.That(delay.IsCompletedSuccessfully, Is.True);
        });
    }

    [Test]
    public void CancellationTokenSource_WithClock_CancelsWhenDue()
    {
        var clock = new VirtualClock();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2), clock);

        clock.Advance(TimeSpan.FromSeconds(1));
        var early = cts.IsCancellationRequested;
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(early, Is.False);
            Assert.That(cts.IsCancellationRequested, Is.True);
        });
    }

    [Test]
    public void GetElapsedTime_FollowsVirtualTime()
    {
        var clock = new VirtualClock();
        var start = clock.GetTimestamp();

        clock.Advance(TimeSpan.FromMinutes(3));

        Assert.That(clock.GetElapsedTime(start), Is.EqualTo(TimeSpan.FromMinutes(3)));
    }

    [Test]
    public void Advance_FromInsideCallback_Throws()
    {
        var clock = new VirtualClock();
        Exception? caught = null;
        using var timer = clock.CreateTimer(
            _ =>
            {
                try
                {
                    clock.Advance(TimeSpan.FromSeconds(1));
                }
                catch (InvalidOperationException ex)
                {
                    caught = ex;
                }
            },
            null,
            TimeSpan.FromSeconds(1),
            Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.That(caught, Is.Not.Null);
    }

    [Test]
    public void Change_ManyTimes_StaleEntriesAreCompacted()
    {
        var clock = new VirtualClock();
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);

        for (var i = 0; i < 10_000; i++)
        {
            timer.Change(TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);
        }

        var pending = clock.PendingEvents;
        clock.Advance(TimeSpan.FromHours(2));

        Assert.Multiple(() =>
        {
            Assert.That(pending, Is.LessThan(3_000));
            Assert.That(fired, Is.EqualTo(1));
        });
    }

    [Test]
    public void RunNext_JumpsToNextEvent()
    {
        var clock = new VirtualClock();
        using var timer = clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(42), Timeout.InfiniteTimeSpan);

        var ran = clock.RunNext();
        var again = clock.RunNext();

        Assert.Multiple(() =>
        {
            Assert.That(ran, Is.True);
            Assert.That(again, Is.False);
            Assert.That(clock.Elapsed, Is.EqualTo(TimeSpan.FromSeconds(42)));
        });
    }
}
