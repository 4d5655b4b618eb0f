using Ipv8.Communities;
using Ipv8.Discovery;
using Ipv8.Peers;
using Ipv8.Simulation;
using Ipv8.Tests.Communities;

namespace Ipv8.Tests.Discovery;

/// <summary>
/// Many simulated hosts of one community on a seeded <see cref="SimulatedNetwork"/>: a public introducer (a plain community
/// without peer limit, blacklisted by everyone's bootstrapper) and peers, each with its own <see cref="Network"/> and
/// <see cref="WalkLoop"/>.
/// </summary>
internal sealed class Swarm(int seed)
{
    public SimulatedNetwork Net { get; } = new(new SimulatedNetworkOptions { Seed = seed });

    public VirtualClock Clock => Net.Clock;

    public Host? Introducer { get; private set; }

    public List<Host> Peers { get; } = [];

    /// <summary>Gets the real tracker, when <see cref="AddTrackerAsync"/> was used instead of <see cref="AddIntroducerAsync"/>.</summary>
    public Ipv8.Tracker.TrackerService? Tracker { get; private set; }

    private Ipv8.Messaging.UdpAddress IntroducerAddress => Tracker?.Endpoint.LocalAddress ?? Introducer!.Endpoint.Address;

    public async Task AddTrackerAsync()
    {
        var endpoint = Net.CreateEndpoint();
        await endpoint.OpenAsync();
        Tracker = new Ipv8.Tracker.TrackerService(new Ipv8.Tracker.TrackerOptions { RandomSeed = seed, PrivateKey = TestOverlay.CreateKey(2_000_000) }, endpoint, TestOverlay.Keys, Clock);
        Tracker.Start();
    }

    private Ipv8.Bootstrapping.IBootstrapper CreateBootstrapper() => Tracker is null
        ? new StaticBootstrapper(IntroducerAddress)
        : new Ipv8.Bootstrapping.DispersyBootstrapper(new Ipv8.Bootstrapping.DispersyBootstrapperOptions { IpAddresses = [IntroducerAddress] });

    public async Task<Host> AddIntroducerAsync()
    {
        var endpoint = Net.CreateEndpoint();
        await endpoint.OpenAsync();
        var network = new Network();
        var myPeer = new MyPeer(TestOverlay.CreateKey(1_000_000));
        var overlay = new TestOverlay(Settings(endpoint, network, 1_000_000, maxPeers: -1, [], myPeer));
        var discovery = new DiscoveryCommunity(Settings(endpoint, network, 1_000_001, maxPeers: -1, [], myPeer) with { CommunityId = DiscoveryCommunity.DiscoveryCommunityId });
        Introducer = new Host(endpoint, overlay, discovery, null);
        return Introducer;
    }

    /// <summary>Joins a peer with a plain community (and optionally a DiscoveryCommunity on the same network and identity).</summary>
    public async Task<Host> JoinAsync(int index, NatType nat, Action<Host>? addStrategies, bool withCommunity = true, bool withDiscovery = false, int maxPeers = 30, bool trust = true)
    {
        var endpoint = Net.CreateEndpoint(nat);
        await endpoint.OpenAsync();
        var network = new Network();
        var myPeer = new MyPeer(TestOverlay.CreateKey(index + 1));
        var bootstrappers = new[] { CreateBootstrapper() };
        var overlay = withCommunity ? new TestOverlay(Settings(endpoint, network, index + 1, maxPeers, bootstrappers, myPeer, trust)) : null;
        var discovery = withDiscovery
            ? new DiscoveryCommunity(Settings(endpoint, network, 7_000_000 + index, maxPeers, bootstrappers, myPeer, trust) with { CommunityId = DiscoveryCommunity.DiscoveryCommunityId })
            : null;
        var loop = new WalkLoop(Clock, new WalkLoopOptions { Seed = seed * 100_000 + index });
        var host = new Host(endpoint, (Community?)overlay ?? discovery!, discovery, loop) { Index = index, Nat = nat, Trust = trust };
        addStrategies?.Invoke(host);
        loop.Start();
        Peers.Add(host);
        return host;
    }

    public void AdvanceSeconds(double seconds) => Clock.Advance(TimeSpan.FromSeconds(seconds));

    private CommunitySettings Settings(SimulatedEndpoint endpoint, Network network, int seedValue, int maxPeers, IReadOnlyList<Ipv8.Bootstrapping.IBootstrapper> bootstrappers, MyPeer? myPeer = null, bool trust = true)
        => new()
        {
            CommunityId = TestOverlay.DefaultId,
            MyPeer = myPeer ?? new MyPeer(TestOverlay.CreateKey(seedValue)),
            Endpoint = endpoint,
            Network = network,
            KeyFactory = TestOverlay.Keys,
            MaxPeers = maxPeers,
            TimeProvider = Clock,
            RandomSeed = seedValue,
            Bootstrappers = bootstrappers,
            Trust = new PeerTrustOptions { Enabled = trust },
        };

    internal sealed record Host(SimulatedEndpoint Endpoint, Community Overlay, DiscoveryCommunity? Discovery, WalkLoop? Loop)
    {
        public int Index { get; init; }

        public NatType Nat { get; init; }

        public bool Trust { get; init; } = true;

        public Network Network => Overlay.Network;
    }
}
