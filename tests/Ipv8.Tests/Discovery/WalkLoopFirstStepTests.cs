using Ipv8.Discovery;

namespace Ipv8.Tests.Discovery;

/// <summary><see cref="WalkLoopOptions.FirstStepAtOnce"/>: the first step at start, then one per interval.</summary>
public class WalkLoopFirstStepTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    [Test]
    public void Start_FirstStepAtOnce_StepsAtStartThenOncePerInterval()
    {
        var overlay = new FakeOverlay();
        using var loop = new WalkLoop(overlay.Clock, new WalkLoopOptions { Seed = 1, FirstStepAtOnce = true });
        var strategy = new StepTimes(overlay.Clock);
        loop.Add(overlay, strategy, targetPeers: 5);
        loop.Start();

        overlay.Clock.Advance(TimeSpan.Zero);
        var atStart = strategy.Times.Count;
        overlay.Clock.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));

        Assert.Multiple(() =>
        {
            Assert.That(atStart, Is.EqualTo(1), "the first step does not wait for a phase offset");
            Assert.That(strategy.Times, Has.Count.EqualTo(20), "still one step per interval");
            Assert.That(strategy.Times.Zip(strategy.Times.Skip(1), (a, b) => b - a), Has.All.EqualTo(Interval));
        });
    }

    [Test]
    public void Add_FirstStepAtOnceLoopRunning_StepsAtOnce()
    {
        var overlay = new FakeOverlay();
        using var loop = new WalkLoop(overlay.Clock, new WalkLoopOptions { Seed = 1, FirstStepAtOnce = true });
        loop.Start();
        overlay.Clock.Advance(TimeSpan.FromMilliseconds(123));
        var strategy = new StepTimes(overlay.Clock);

        loop.Add(overlay, strategy, targetPeers: 5);
        overlay.Clock.Advance(TimeSpan.Zero);

        Assert.That(strategy.Times, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(123) }));
    }

    [Test]
    public void Start_FirstStepAtOnceOff_WaitsForThePhaseOffset()
    {
        var overlay = new FakeOverlay();
        using var loop = new WalkLoop(overlay.Clock, new WalkLoopOptions { Seed = 1 });
        var strategy = new StepTimes(overlay.Clock);
        var registration = loop.Add(overlay, strategy, targetPeers: 5);
        loop.Start();

        overlay.Clock.Advance(Interval);

        Assert.Multiple(() =>
        {
            Assert.That(registration.PhaseOffset, Is.GreaterThan(TimeSpan.Zero), "seed 1 gives a non-zero offset");
            Assert.That(strategy.Times, Is.EqualTo(new[] { registration.PhaseOffset }));
        });
    }

    private sealed class StepTimes(Simulation.VirtualClock clock) : IDiscoveryStrategy
    {
        public List<TimeSpan> Times { get; } = [];

        public void TakeStep() => Times.Add(clock.Elapsed);
    }
}
