using Ipv8.Communities;
using Ipv8.Discovery;

namespace Ipv8.Simulation.Tests;

[TestFixture]
public sealed class SimulatedSwarmTests
{
    private static readonly NatType[] MixedNats = [NatType.None, NatType.FullCone, NatType.AddressRestricted, NatType.PortRestricted, NatType.Symmetric];

    [Test]
    public async Task BuildAsync_FiftyPeersBehindMixedNatsWithTracker_EveryPeerFindsOthers()
    {
        await using var swarm = await SimulatedSwarm.CreateBuilder(seed: 5)
            .WithTracker()
            .AddPeers(50, p => p.Nat(MixedNats[p.Index % MixedNats.Length])
                .Community(s => new Community(s))
                .Walk(c => new RandomWalk(c, new RandomWalkOptions()), targetPeers: 20))
            .BuildAsync();

        var met = swarm.RunUntil(() => swarm.Peers.All(p => p.Community.PeerCount >= 5), TimeSpan.FromMinutes(2));

        var counts = swarm.Peers.Select(p => p.Community.PeerCount).ToArray();
        TestContext.Out.WriteLine($"after {swarm.Clock.Elapsed.TotalSeconds:F1} s: min {counts.Min()}, mean {counts.Average():F1}, tracker peers {swarm.Tracker!.PeerCount}");
        Assert.Multiple(() =>
        {
            Assert.That(met, Is.True, "every peer had five verified peers within two virtual minutes");
            Assert.That(swarm.Peers.Select(p => p.Nat).Distinct(), Is.EquivalentTo(MixedNats));
            Assert.That(swarm.Peers.Any(p => p.Knows(swarm.Peers[0])), Is.True);
            Assert.That(swarm.Tracker.Counters[Ipv8.Tracker.TrackerCounter.AddressesProven], Is.Positive, "peers bootstrapped through the tracker");
            Assert.That(swarm.Peers.SelectMany(p => p.Community.GetPeers()).Any(p => p.PublicKey.Equals(swarm.Tracker.PrivateKey.PublicKey)), Is.False, "the tracker is never a peer");
        });
    }

    [Test]
    public async Task BuildAsync_SameSeedTwice_SameDatagramTrace()
    {
        var first = await TraceAsync(seed: 9);
        var second = await TraceAsync(seed: 9);

        Assert.That(first, Has.Count.GreaterThan(100));
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public async Task BuildAsync_OtherSeed_OtherDatagramTrace()
    {
        var first = await TraceAsync(seed: 9);
        var other = await TraceAsync(seed: 10);

        Assert.That(other, Is.Not.EqualTo(first));
    }

    [Test]
    public async Task RunUntil_ConditionNeverHolds_ReturnsFalseAtTheLimit()
    {
        await using var swarm = await SimulatedSwarm.CreateBuilder(1).WithStep(TimeSpan.FromMilliseconds(300)).BuildAsync();
        var checks = 0;

        var met = swarm.RunUntil(() => ++checks < 0, TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(met, Is.False);
            Assert.That(swarm.Clock.Elapsed, Is.EqualTo(TimeSpan.FromSeconds(1)), "never past the limit");
            Assert.That(checks, Is.EqualTo(5), "checked before the first step and after each of the four steps (300, 300, 300, 100 ms)");
        });
    }

    [Test]
    public async Task RunUntil_ConditionAlreadyHolds_DoesNotAdvance()
    {
        await using var swarm = await SimulatedSwarm.CreateBuilder(1).BuildAsync();

        Assert.Multiple(() =>
        {
            Assert.That(swarm.RunUntil(() => true, TimeSpan.FromSeconds(5)), Is.True);
            Assert.That(swarm.Clock.Elapsed, Is.EqualTo(TimeSpan.Zero));
        });
    }

    [Test]
    public async Task AddPeerAsync_AfterBuild_LateJoinerFindsEarlierPeersThroughTracker()
    {
        await using var swarm = await SimulatedSwarm.CreateBuilder(seed: 3)
            .WithTracker()
            .AddPeers(3, p => p.Community(s => new Community(s)).Walk(c => new RandomWalk(c, new RandomWalkOptions())))
            .BuildAsync();
        swarm.Advance(TimeSpan.FromSeconds(10));

        var late = await swarm.AddPeerAsync(p => p.Nat(NatType.PortRestricted).Community(s => new Community(s)).Walk(c => new RandomWalk(c, new RandomWalkOptions())));
        var met = swarm.RunUntil(() => swarm.Peers.Take(3).All(late.Knows) && swarm.Peers.Take(3).All(p => p.Knows(late)), TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(met, Is.True);
            Assert.That(late.Index, Is.EqualTo(3));
            Assert.That(late.Nat, Is.EqualTo(NatType.PortRestricted));
        });
    }

    [Test]
    public async Task AddPeer_CommunitySettingsAndKeySeed_AppliedAndSharedPerPeer()
    {
        var id = new byte[20];
        id[0] = 0x42;
        await using var swarm = await SimulatedSwarm.CreateBuilder(seed: 2)
            .AddPeer(p => p.KeySeed(77)
                .Community(s => new Community(s), s => s with { CommunityId = id, MaxPeers = 7 })
                .Community(s => new Community(s)))
            .BuildAsync();
        var peer = swarm.Peers.Single();

        Assert.Multiple(() =>
        {
            Assert.That(peer.Communities, Has.Count.EqualTo(2));
            Assert.That(peer.Community.CommunityId.ToArray(), Is.EqualTo(id));
            Assert.That(peer.Community.MaxPeers, Is.EqualTo(7));
            Assert.That(peer.Communities[1].CommunityId.ToArray(), Is.EqualTo(SimulatedSwarm.DefaultCommunityId.ToArray()));
            Assert.That(peer.Communities[1].MyPeer, Is.SameAs(peer.MyPeer), "one identity per peer");
            Assert.That(peer.Communities[1].Network, Is.SameAs(peer.Network), "one network view per peer");
            Assert.That(peer.Key.PublicKey.KeyBin.ToArray(), Is.EqualTo(SimulatedSwarm.CreateKey(swarm.Keys, 77).PublicKey.KeyBin.ToArray()));
            Assert.That(peer.Bootstrappers, Is.Empty, "no tracker, no default bootstrapper");
            Assert.That(peer.WalkLoop, Is.Null, "no strategy, no walk loop");
            Assert.That(peer.Endpoint.IsOpen, Is.True);
        });
    }

    [Test]
    public async Task AddPeer_Closed_EndpointStaysClosedUntilOpened()
    {
        await using var swarm = await SimulatedSwarm.CreateBuilder(1).AddPeer(p => p.Closed()).BuildAsync();

        Assert.That(swarm.Peers[0].Endpoint.IsOpen, Is.False);
    }

    [Test]
    public async Task DisposeAsync_RunningSwarm_UnloadsPeersAndFreesEveryAddress()
    {
        var swarm = await SimulatedSwarm.CreateBuilder(seed: 4)
            .WithTracker()
            .AddPeers(5, p => p.Community(s => new Community(s)).Walk(c => new RandomWalk(c, new RandomWalkOptions())))
            .BuildAsync();
        swarm.Advance(TimeSpan.FromSeconds(5));
        Assert.That(swarm.Network.EndpointCount, Is.EqualTo(6));

        await swarm.DisposeAsync();
        var sentAfter = swarm.Network.Counters.Sent;
        swarm.Clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(swarm.Network.EndpointCount, Is.Zero);
            Assert.That(swarm.Peers.All(p => p.IsStopped && p.WalkLoop is { IsRunning: false }), Is.True);
            Assert.That(swarm.Network.Counters.Sent, Is.EqualTo(sentAfter), "nothing sends after disposal");
        });
    }

    [Test]
    public async Task StopAsync_Peer_ClosesEndpointAndStopsWalking()
    {
        await using var swarm = await SimulatedSwarm.CreateBuilder(seed: 6)
            .AddPeers(2, p => p.Community(s => new Community(s)).Walk(c => new RandomWalk(c, new RandomWalkOptions())))
            .BuildAsync();
        var peer = swarm.Peers[0];

        await peer.StopAsync();
        var steps = peer.WalkLoop!.Steps;
        swarm.Advance(TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(peer.Endpoint.IsOpen, Is.False);
            Assert.That(peer.WalkLoop.Steps, Is.EqualTo(steps));
        });
    }

    [Test]
    public void Builder_BadArguments_Throw()
    {
        var builder = SimulatedSwarm.CreateBuilder(1);

        Assert.Multiple(() =>
        {
            Assert.That(() => builder.WithCommunityId(new byte[19]), Throws.ArgumentException);
            Assert.That(() => builder.WithStep(TimeSpan.Zero), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => builder.AddPeers(-1), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => builder.WithNetwork(o => o with { LossProbability = 2 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public async Task BuildAsync_Twice_Throws()
    {
        var builder = SimulatedSwarm.CreateBuilder(1);
        await using var swarm = await builder.BuildAsync();

        Assert.That(builder.BuildAsync, Throws.InvalidOperationException);
    }

    [Test]
    public async Task WithNetwork_Options_KeepSwarmSeedAndApplySettings()
    {
        await using var swarm = await SimulatedSwarm.CreateBuilder(12)
            .WithNetwork(o => o with { MinLatency = TimeSpan.FromMilliseconds(5), MaxLatency = TimeSpan.FromMilliseconds(5) })
            .BuildAsync();

        Assert.Multiple(() =>
        {
            Assert.That(swarm.Network.Options.Seed, Is.EqualTo(12));
            Assert.That(swarm.Network.Options.MaxLatency, Is.EqualTo(TimeSpan.FromMilliseconds(5)));
        });
    }

    private static async Task<List<string>> TraceAsync(int seed)
    {
        var trace = new List<string>();
        await using var swarm = await SimulatedSwarm.CreateBuilder(seed)
            .WithTracker()
            .WithNetwork(o => o with { LossProbability = 0.05 })
            .AddPeers(10, p => p.Nat(MixedNats[p.Index % MixedNats.Length])
                .WrapEndpoint(e => new TracingEndpoint(e, e.Network.Clock, trace))
                .Community(s => new Community(s))
                .Walk(c => new RandomWalk(c, new RandomWalkOptions()), targetPeers: 20))
            .BuildAsync();
        swarm.Advance(TimeSpan.FromSeconds(20));
        trace.Add(string.Join(",", swarm.Peers.Select(p => p.Community.PeerCount)));
        return trace;
    }
}
