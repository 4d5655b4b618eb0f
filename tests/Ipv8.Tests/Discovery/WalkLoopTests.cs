using Ipv8.Discovery;
using Ipv8.Simulation;

namespace Ipv8.Tests.Discovery;

public class WalkLoopTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    [Test]
    public void Start_TargetNotReached_StepsOncePerInterval()
    {
        var overlay = new FakeOverlay();
        using var loop = new WalkLoop(overlay.Clock, new WalkLoopOptions { Seed = 1 });
        var strategy = new CountingStrategy();
        var registration = loop.Add(overlay, strategy, targetPeers: 5);
        loop.Start();

        overlay.Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(strategy.Steps, Is.EqualTo(20));
            Assert.That(registration.Steps, Is.EqualTo(20));
            Assert.That(registration.PhaseOffset, Is.InRange(TimeSpan.Zero, Interval));
        });
    }

    [Test]
    public void Tick_TargetReached_StopsSteppingUntilPeersDrop()
    {
        var overlay = new FakeOverlay();
        using var loop = new WalkLoop(overlay.Clock, new WalkLoopOptions { SpreadSteps = false });
        var strategy = new CountingStrategy();
        loop.Add(overlay, strategy, targetPeers: 2);
        var always = new CountingStrategy();
        loop.Add(overlay, always, targetPeers: -1);
        loop.Start();
        var peer = overlay.AddPeer(1);
        overlay.AddPeer(2);

        overlay.Clock.Advance(TimeSpan.FromSeconds(5));
        var atTarget = strategy.Steps;
        overlay.Network.RemovePeer(peer);
        overlay.Clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(atTarget, Is.Zero, "two peers reached the target of two");
            Assert.That(strategy.Steps, Is.EqualTo(10), "steps again below the target");
            Assert.That(always.Steps, Is.EqualTo(20), "-1 steps always");
        });
    }

    [Test]
    public void Tick_StrategyThrows_CountedAndLoopContinues()
    {
        var overlay = new FakeOverlay();
        using var loop = new WalkLoop(overlay.Clock, new WalkLoopOptions { Seed = 3 });
        var failing = loop.Add(overlay, new ThrowingStrategy());
        var healthy = new CountingStrategy();
        loop.Add(overlay, healthy);
        loop.Start();

        overlay.Clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(failing.Failures, Is.EqualTo(10));
            Assert.That(failing.Steps, Is.EqualTo(10), "the failing strategy keeps being stepped");
            Assert.That(healthy.Steps, Is.EqualTo(10));
            Assert.That(loop.Failures, Is.EqualTo(10));
            Assert.That(loop.Steps, Is.EqualTo(20));
        });
    }

    [Test]
    public void Add_ThousandRegistrations_SpreadOverTheInterval()
    {
        var overlay = new FakeOverlay();
        using var loop = new WalkLoop(overlay.Clock, new WalkLoopOptions { Seed = 7 });
        var strategy = new CountingStrategy();
        for (var i = 0; i < 1000; i++)
        {
            loop.Add(overlay, strategy);
        }

        loop.Start();
        var perSlot = new int[10];
        for (var slot = 0; slot < 10; slot++)
        {
            var before = strategy.Steps;
            overlay.Clock.Advance(TimeSpan.FromMilliseconds(50));
            perSlot[slot] = strategy.Steps - before;
        }

        Assert.Multiple(() =>
        {
            Assert.That(perSlot.Sum(), Is.EqualTo(1000), "each registration stepped once in the first interval");
            Assert.That(perSlot, Has.All.InRange(50, 150), "no 50 ms slot holds more than 15 % of the steps");
        });
    }

    [Test]
    public void Remove_AtRuntime_StopsOnlyThatRegistration()
    {
        var overlay = new FakeOverlay();
        using var loop = new WalkLoop(overlay.Clock, new WalkLoopOptions { SpreadSteps = false });
        var removed = new CountingStrategy();
        var kept = new CountingStrategy();
        var registration = loop.Add(overlay, removed);
        loop.Add(overlay, kept);
        loop.Start();
        overlay.Clock.Advance(TimeSpan.FromSeconds(1));

        var wasRemoved = loop.Remove(registration);
        overlay.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(wasRemoved, Is.True);
            Assert.That(loop.Remove(registration), Is.False);
            Assert.That(removed.Steps, Is.EqualTo(2));
            Assert.That(kept.Steps, Is.EqualTo(4));
            Assert.That(registration.IsRegistered, Is.False);
        });
    }

    [Test]
    public void Stop_ThenStart_PausesAndResumes()
    {
        var overlay = new FakeOverlay();
        using var loop = new WalkLoop(overlay.Clock, new WalkLoopOptions { SpreadSteps = false });
        var strategy = new CountingStrategy();
        loop.Add(overlay, strategy);
        loop.Start();
        overlay.Clock.Advance(TimeSpan.FromSeconds(1));
        loop.Stop();
        overlay.Clock.Advance(TimeSpan.FromSeconds(5));
        var whileStopped = strategy.Steps;
        loop.Start();
        overlay.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(whileStopped, Is.EqualTo(2));
            Assert.That(strategy.Steps, Is.EqualTo(4));
        });
    }

    [Test]
    public async Task Tick_EndpointClosed_SkipsSteps()
    {
        await using var swarm = await SimulatedSwarm.CreateBuilder(1).AddPeer(p => p.Closed()).BuildAsync();
        var (network, endpoint) = (swarm.Network, swarm.Peers[0].Endpoint);
        var overlay = new FakeOverlay(clock: network.Clock);
        using var loop = new WalkLoop(network.Clock, new WalkLoopOptions { SpreadSteps = false });
        var strategy = new CountingStrategy();
        loop.Add(overlay, strategy, endpoint: endpoint);
        loop.Start();

        network.Clock.Advance(TimeSpan.FromSeconds(1));
        await endpoint.OpenAsync();
        network.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.That(strategy.Steps, Is.EqualTo(2), "only the steps after the endpoint opened");
    }

    [Test]
    public void Constructor_NonPositiveInterval_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new WalkLoop(TimeProvider.System, new WalkLoopOptions { WalkerInterval = TimeSpan.Zero }));
        Assert.That(ex!.ParamName, Is.EqualTo(nameof(WalkLoopOptions.WalkerInterval)));
    }

    private sealed class CountingStrategy : IDiscoveryStrategy
    {
        public int Steps { get; private set; }

        public void TakeStep() => Steps++;
    }

    private sealed class ThrowingStrategy : IDiscoveryStrategy
    {
        public void TakeStep() => throw new InvalidOperationException("broken strategy");
    }
}
