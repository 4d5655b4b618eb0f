using Ipv8.Communities;
using Ipv8.Discovery;
using Ipv8.Peers;
using Ipv8.Simulation;
using Ipv8.Tests.Communities;

namespace Ipv8.Tests.Discovery;

/// <summary>
/// The discovery tests' defaults over <see cref="SimulatedSwarm"/>: a public introducer (a plain community without peer
/// limit, blacklisted by everyone's bootstrapper) or a real tracker, then peers joined one at a time by index (key seed
/// index + 1, walk seed seed × 100 000 + index), each with a <see cref="TestOverlay"/> and/or a DiscoveryCommunity.
/// </summary>
internal sealed class Swarm(int seed)
{
    private SimulatedSwarm? _harness;

    public SimulatedSwarm Harness => _harness ?? throw new InvalidOperationException("Add the introducer or the tracker first.");

    public SimulatedNetwork Net => Harness.Network;

    public VirtualClock Clock => Harness.Clock;

    public Host? Introducer { get; private set; }

    public List<Host> Peers { get; } = [];

    /// <summary>Gets the real tracker, when <see cref="AddTrackerAsync"/> was used instead of <see cref="AddIntroducerAsync"/>.</summary>
    public Ipv8.Tracker.TrackerService? Tracker => _harness?.Tracker;

    public async Task AddTrackerAsync()
        => _harness = await Builder().WithTracker(o => o with { PrivateKey = TestOverlay.CreateKey(2_000_000) }).BuildAsync();

    public async Task<Host> AddIntroducerAsync()
    {
        _harness = await Builder()
            .AddPeer(p => p.KeySeed(1_000_000)
                .Community(s => new TestOverlay(s), s => s with { MaxPeers = -1, RandomSeed = 1_000_000 })
                .Community(s => new DiscoveryCommunity(s), s => s with { MaxPeers = -1, RandomSeed = 1_000_001 }))
            .BuildAsync();
        var peer = _harness.Peers[0];
        Introducer = new Host(peer, peer.Community, peer.Get<DiscoveryCommunity>(), null);
        return Introducer;
    }

    /// <summary>Joins a peer with a plain community (and optionally a DiscoveryCommunity on the same network and identity).</summary>
    public async Task<Host> JoinAsync(int index, NatType nat, Action<Host>? addStrategies, bool withCommunity = true, bool withDiscovery = false, int maxPeers = 30, bool trust = true, Func<SimulatedEndpoint, Ipv8.Messaging.IEndpoint>? wrapEndpoint = null)
    {
        Host? host = null;
        var peer = await Harness.AddPeerAsync(p =>
        {
            p.Nat(nat).KeySeed(index + 1).WalkOptions(new WalkLoopOptions { Seed = (seed * 100_000) + index });
            if (wrapEndpoint is not null)
            {
                p.WrapEndpoint(wrapEndpoint);
            }

            if (Introducer is not null)
            {
                p.Bootstrappers(_ => [new StaticBootstrapper(Introducer.Endpoint.Address)]);
            }

            if (withCommunity)
            {
                p.Community(s => new TestOverlay(s), s => s with { MaxPeers = maxPeers, RandomSeed = index + 1, Trust = new PeerTrustOptions { Enabled = trust } });
            }

            if (withDiscovery)
            {
                p.Community(
                    s => new DiscoveryCommunity(s),
                    s => s with { CommunityId = DiscoveryCommunity.DiscoveryCommunityId, MaxPeers = maxPeers, RandomSeed = 7_000_000 + index, Trust = new PeerTrustOptions { Enabled = trust } });
            }

            p.Walk((peer, loop) =>
            {
                host = new Host(peer, peer.Community, withDiscovery ? peer.Get<DiscoveryCommunity>() : null, loop) { Index = index, Nat = nat, Trust = trust };
                addStrategies?.Invoke(host);
            });
        });
        Peers.Add(host!);
        return host!;
    }

    public void AdvanceSeconds(double seconds) => Clock.Advance(TimeSpan.FromSeconds(seconds));

    private SimulatedSwarmBuilder Builder() => SimulatedSwarm.CreateBuilder(seed).WithKeys(TestOverlay.Keys).WithCommunityId(TestOverlay.DefaultId);

    internal sealed record Host(SimulatedPeer Peer, Community Overlay, DiscoveryCommunity? Discovery, WalkLoop? Loop)
    {
        public int Index { get; init; }

        public NatType Nat { get; init; }

        public bool Trust { get; init; } = true;

        public SimulatedEndpoint Endpoint => Peer.Host;

        public Network Network => Overlay.Network;
    }
}
