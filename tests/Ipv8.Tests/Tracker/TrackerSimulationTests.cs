using Ipv8.Bootstrapping;
using Ipv8.Communities;
using Ipv8.Keys;
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
        var keys = new KeyFactory();
        var network = new SimulatedNetwork(new SimulatedNetworkOptions { Seed = 7 });
        var trackerEndpoint = network.CreateEndpoint();
        await trackerEndpoint.OpenAsync();
        var tracker = new TrackerService(new TrackerOptions { RandomSeed = 1 }, trackerEndpoint, keys, network.Clock);
        tracker.Start();
        var (a, b) = await CreatePairAsync(network, keys, trackerEndpoint.Address);

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
        await a.DisposeAsync();
        await b.DisposeAsync();
        await tracker.DisposeAsync();
    }

    [Test]
    public async Task TrackerService_LivenessPass_ForgetsPeersThatStopAnswering()
    {
        var keys = new KeyFactory();
        var network = new SimulatedNetwork(new SimulatedNetworkOptions { Seed = 3 });
        var trackerEndpoint = network.CreateEndpoint();
        await trackerEndpoint.OpenAsync();
        var tracker = new TrackerService(new TrackerOptions { RandomSeed = 2 }, trackerEndpoint, keys, network.Clock);
        tracker.Start();
        var (a, b) = await CreatePairAsync(network, keys, trackerEndpoint.Address);
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
        await a.DisposeAsync();
        await b.DisposeAsync();
        await tracker.DisposeAsync();
    }

    internal static async Task<(Community A, Community B)> CreatePairAsync(SimulatedNetwork network, KeyFactory keys, Ipv8.Messaging.UdpAddress tracker)
    {
        var endpointA = network.CreateEndpoint();
        var endpointB = network.CreateEndpoint();
        await endpointA.OpenAsync();
        await endpointB.OpenAsync();
        var options = new DispersyBootstrapperOptions { IpAddresses = [tracker] };
        var a = TestOverlays.Create(endpointA, keys, network.Clock, 11, new DispersyBootstrapper(options));
        var b = TestOverlays.Create(endpointB, keys, network.Clock, 12, new DispersyBootstrapper(options));
        return (a, b);
    }
}
