using Ipv8.Communities;
using Ipv8.Messaging;
using Ipv8.Simulation;
using Ipv8.Tracker;

namespace Ipv8.Tests.Tracker;

[TestFixture]
public sealed class TrackerSimulationTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    [Test]
    public async Task TrackerService_TwoPeersOnSimulatedNetwork_FindEachOtherThroughIt()
    {
        await using var swarm = await PairOnTracker(seed: 7, new TrackerOptions { RandomSeed = 1 }).BuildAsync();
        var (network, tracker, a, b) = (swarm.Network, swarm.Tracker!, swarm.Peers[0].Community, swarm.Peers[1].Community);

        for (var i = 0; i < 40 && !(TestOverlays.Knows(a, b) && TestOverlays.Knows(b, a)); i++)
        {
            TestOverlays.Step(a);
            TestOverlays.Step(b);
            network.Clock.Advance(Tick);
        }

        Assert.Multiple(() =>
        {
            Assert.That(TestOverlays.Knows(a, b), Is.True, "a knows b");
            Assert.That(TestOverlays.Knows(b, a), Is.True, "b knows a");
            Assert.That(a.GetPeers().Concat(b.GetPeers()).Any(p => p.PublicKey.Equals(tracker.PrivateKey.PublicKey)), Is.False, "the tracker is never a peer");
            Assert.That(a.Drops[Ipv8.Messaging.DropReason.BadSignature] + b.Drops[Ipv8.Messaging.DropReason.BadSignature], Is.Zero);
            Assert.That(tracker.Counters[TrackerCounter.AddressesProven], Is.EqualTo(2));
            Assert.That(tracker.Counters[TrackerCounter.Introductions], Is.GreaterThan(0));
            Assert.That(tracker.PeerCount, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task TrackerService_LivenessPass_ForgetsPeersThatStopAnswering()
    {
        await using var swarm = await PairOnTracker(seed: 3, new TrackerOptions { RandomSeed = 2 }).BuildAsync();
        var (network, tracker, a, b) = (swarm.Network, swarm.Tracker!, swarm.Peers[0].Community, swarm.Peers[1].Community);
        for (var i = 0; i < 20; i++)
        {
            TestOverlays.Step(a);
            TestOverlays.Step(b);
            network.Clock.Advance(Tick);
        }

        Assert.That(tracker.PeerCount, Is.EqualTo(2));
        await a.Endpoint.CloseAsync();
        await b.Endpoint.CloseAsync();
        network.Clock.Advance(TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(tracker.PeerCount, Is.Zero);
            Assert.That(tracker.CommunityCount, Is.Zero);
            Assert.That(tracker.Counters[TrackerCounter.LivenessPingsSent], Is.GreaterThan(0));
            Assert.That(tracker.Counters[TrackerCounter.LivenessTimeouts], Is.GreaterThan(0));
        });
    }

    /// <summary>
    /// A tracker with exactly <paramref name="tracker"/> (its own key level, not the harness's default key) and, after any
    /// peers <paramref name="before"/> adds, two public peers of one plain community that bootstrap through it.
    /// </summary>
    internal static SimulatedSwarmBuilder PairOnTracker(int seed, TrackerOptions tracker, Func<SimulatedEndpoint, IEndpoint>? wrapTracker = null, Action<SimulatedSwarmBuilder>? before = null)
    {
        var builder = SimulatedSwarm.CreateBuilder(seed).WithCommunityId(TestOverlays.CommunityId).WithTracker(_ => tracker, wrapTracker);
        before?.Invoke(builder);
        return builder.AddPeers(2, p => p.Community(s => new Community(s)));
    }
}
