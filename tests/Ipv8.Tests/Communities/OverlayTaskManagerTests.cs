using Ipv8.Communities;

namespace Ipv8.Tests.Communities;

public class OverlayTaskManagerTests
{
    [Test]
    public async Task RegisterOnce_AfterDelay_RunsOnceUnderLock()
    {
        var clock = new Ipv8.Simulation.VirtualClock();
        var syncRoot = new object();
        await using var tasks = new OverlayTaskManager(clock, syncRoot);
        var runs = 0;
        var heldLock = false;
        tasks.RegisterOnce("once", TimeSpan.FromSeconds(2), () =>
        {
            runs++;
            heldLock = Monitor.IsEntered(syncRoot);
        });
        clock.Advance(TimeSpan.FromSeconds(1.9));
        var early = runs;
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Multiple(() =>
        {
            Assert.That(early, Is.Zero);
            Assert.That(runs, Is.EqualTo(1));
            Assert.That(heldLock, Is.True);
            Assert.That(tasks.IsPending("once"), Is.False);
        });
    }

    [Test]
    public async Task RegisterPeriodic_OverTime_RunsEveryInterval()
    {
        var clock = new Ipv8.Simulation.VirtualClock();
        await using var tasks = new OverlayTaskManager(clock);
        var runs = 0;
        tasks.RegisterPeriodic("tick", TimeSpan.FromSeconds(1), () => runs++, delay: TimeSpan.Zero);
        clock.Advance(TimeSpan.FromSeconds(5.5));
        Assert.That(runs, Is.EqualTo(6));
    }

    [Test]
    public async Task RegisterOnce_NameInUse_Throws()
    {
        await using var tasks = new OverlayTaskManager(new Ipv8.Simulation.VirtualClock());
        tasks.RegisterOnce("x", TimeSpan.FromSeconds(1), () => { });
        Assert.Throws<InvalidOperationException>(() => tasks.RegisterOnce("x", TimeSpan.FromSeconds(1), () => { }));
    }

    [Test]
    public async Task Cancel_Pending_PreventsRun()
    {
        var clock = new Ipv8.Simulation.VirtualClock();
        await using var tasks = new OverlayTaskManager(clock);
        var runs = 0;
        tasks.RegisterPeriodic("tick", TimeSpan.FromSeconds(1), () => runs++);
        clock.Advance(TimeSpan.FromSeconds(2));
        var cancelled = tasks.Cancel("tick");
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Multiple(() =>
        {
            Assert.That(cancelled, Is.True);
            Assert.That(runs, Is.EqualTo(2));
            Assert.That(tasks.Cancel("tick"), Is.False);
        });
    }

    [Test]
    public async Task Periodic_CallbackThrows_IsCountedAndKeepsRunning()
    {
        var clock = new Ipv8.Simulation.VirtualClock();
        await using var tasks = new OverlayTaskManager(clock);
        var runs = 0;
        tasks.RegisterPeriodic("bad", TimeSpan.FromSeconds(1), () =>
        {
            runs++;
            throw new InvalidOperationException("boom");
        });
        Assert.DoesNotThrow(() => clock.Advance(TimeSpan.FromSeconds(3)));
        Assert.Multiple(() =>
        {
            Assert.That(runs, Is.EqualTo(3));
            Assert.That(tasks.Failures, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task RegisterAsync_Throws_IsCountedAndRemoved()
    {
        var tasks = new OverlayTaskManager(new Ipv8.Simulation.VirtualClock());
        var gate = new TaskCompletionSource();
        tasks.RegisterAsync("work", async _ =>
        {
            await gate.Task;
            throw new InvalidOperationException("boom");
        });
        var pendingBefore = tasks.IsPending("work");
        gate.SetResult();
        await tasks.ShutdownAsync();
        Assert.Multiple(() =>
        {
            Assert.That(pendingBefore, Is.True);
            Assert.That(tasks.Failures, Is.EqualTo(1));
            Assert.That(tasks.IsPending("work"), Is.False);
        });
    }

    [Test]
    public async Task ShutdownAsync_RunningWork_CancelsAndRefusesNew()
    {
        var clock = new Ipv8.Simulation.VirtualClock();
        var tasks = new OverlayTaskManager(clock);
        var cancelledSeen = false;
        tasks.RegisterAsync("wait", async token =>
        {
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, token);
            }
            catch (OperationCanceledException)
            {
                cancelledSeen = true;
                throw;
            }
        });
        var runs = 0;
        tasks.RegisterOnce("later", TimeSpan.FromSeconds(1), () => runs++);
        await tasks.ShutdownAsync();
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Multiple(() =>
        {
            Assert.That(cancelledSeen, Is.True);
            Assert.That(runs, Is.Zero);
            Assert.That(tasks.Failures, Is.Zero);
            Assert.That(tasks.RegisterOnce("again", TimeSpan.Zero, () => { }), Is.False);
            Assert.That(tasks.Count, Is.Zero);
        });
    }

    [Test]
    public async Task DisposeAsync_Twice_SecondCallDoesNothing()
    {
        var tasks = new OverlayTaskManager(new Ipv8.Simulation.VirtualClock());
        tasks.RegisterPeriodic("tick", TimeSpan.FromSeconds(1), () => { });
        await tasks.DisposeAsync();
        Assert.Multiple(() =>
        {
            Assert.That(async () => await tasks.DisposeAsync(), Throws.Nothing, "a community disposed twice disposes its task manager twice");
            Assert.That(async () => await tasks.ShutdownAsync(), Throws.Nothing);
            Assert.That(tasks.RegisterOnce("late", TimeSpan.Zero, () => { }), Is.False, "still refuses new work");
        });
    }
}
