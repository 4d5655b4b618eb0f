using Ipv8.Communities;
using Ipv8.Discovery;
using Ipv8.Peers;
using Ipv8.Simulation;
using Ipv8.Tests.Communities;

namespace Ipv8.Tests.Discovery;

public class DiscoveryCommunityTests
{
    private static readonly ServiceId AppService = ServiceId.From(TestOverlay.DefaultId);
    private static readonly ServiceId DiscoveryService = ServiceId.From(DiscoveryCommunity.DiscoveryCommunityId.Span);

    [Test]
    public async Task IntroductionResponse_TwoOverlaysOnSamePeers_SimilarityMakesThemPeersOfBoth()
    {
        var bed = new Bed();
        var a = await bed.AddAsync(1, withApp: true);
        var b = await bed.AddAsync(2, withApp: true);
        var appPeersBefore = a.App!.GetPeers().Count + b.App!.GetPeers().Count;

        a.Discovery.WalkTo(b.Address);
        bed.Clock.Advance(TimeSpan.FromSeconds(1));

        var bAtA = a.Network.GetVerifiedByAddress(b.Address)!;
        var aAtB = b.Network.GetVerifiedByAddress(a.Address)!;
        Assert.Multiple(() =>
        {
            Assert.That(appPeersBefore, Is.Zero);
            Assert.That(a.Network.GetServices(bAtA), Is.EquivalentTo(new[] { DiscoveryService, AppService }));
            Assert.That(b.Network.GetServices(aAtB), Is.EquivalentTo(new[] { DiscoveryService, AppService }));
            Assert.That(a.App.GetPeers(), Is.EqualTo(new[] { bAtA }), "A's app overlay learnt B without walking itself");
            Assert.That(b.App.GetPeers(), Is.EqualTo(new[] { aAtB }));
            Assert.That(a.Sent.Select(d => d.MessageId), Does.Contain((byte)1), "a similarity request followed the introduction response");
            Assert.That(a.Discovery.Drops.Total + b.Discovery.Drops.Total, Is.Zero);
        });
    }

    [Test]
    public async Task PeriodicSimilarity_OverlayAddedLater_PeerLearnsTheNewService()
    {
        var bed = new Bed();
        var a = await bed.AddAsync(1, withApp: false);
        var b = await bed.AddAsync(2, withApp: false);
        a.Discovery.WalkTo(b.Address);
        bed.Clock.Advance(TimeSpan.FromSeconds(1));
        var bAtA = a.Network.GetVerifiedByAddress(b.Address)!;
        var before = a.Network.GetServices(bAtA);

        // B starts an app overlay with the same identity; only B's periodic similarity can tell A.
        var app = new TestOverlay(bed.Settings(b, TestOverlay.DefaultId, 99));
        using var loop = new WalkLoop(bed.Clock, new WalkLoopOptions { Seed = 5 });
        var strategy = new PeriodicSimilarity(b.Discovery, new PeriodicSimilarityOptions());
        loop.Add(b.Discovery, strategy);
        loop.Start();
        bed.Clock.Advance(TimeSpan.FromSeconds(3));

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo(new[] { DiscoveryService }));
            Assert.That(a.Network.GetServices(bAtA), Is.EquivalentTo(new[] { DiscoveryService, AppService }));
            Assert.That(strategy.Requests, Is.EqualTo(3), "one request per second");
            Assert.That(app.GetPeers(), Is.Empty, "A runs no app overlay, as its similarity responses said");
        });
    }

    [Test]
    public async Task SendPing_Pong_RecordsRoundTripAndEmptiesCache()
    {
        var bed = new Bed();
        var a = await bed.AddAsync(1, withApp: false);
        var b = await bed.AddAsync(2, withApp: false);
        a.Discovery.WalkTo(b.Address);
        bed.Clock.Advance(TimeSpan.FromSeconds(1));
        var bAtA = a.Network.GetVerifiedByAddress(b.Address)!;

        a.Discovery.SendPing(bAtA);
        var outstanding = a.Discovery.RequestCache.Count;
        bed.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(outstanding, Is.EqualTo(1));
            Assert.That(bAtA.PingCount, Is.EqualTo(1));
            Assert.That(bAtA.GetPings()[0], Is.InRange(TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(160)), "two one-way latencies of 20-80 ms");
            Assert.That(a.Discovery.PongsMatched, Is.EqualTo(1));
            Assert.That(a.Discovery.RequestCache.Count, Is.Zero);
        });
    }

    [Test]
    public async Task SendPing_NoPong_TimesOutWithoutLeavingCacheEntries()
    {
        var bed = new Bed();
        var a = await bed.AddAsync(1, withApp: false);
        var b = await bed.AddAsync(2, withApp: false);
        a.Discovery.WalkTo(b.Address);
        bed.Clock.Advance(TimeSpan.FromSeconds(1));
        var bAtA = a.Network.GetVerifiedByAddress(b.Address)!;
        await b.Endpoint.CloseAsync();

        for (var i = 0; i < 10; i++)
        {
            a.Discovery.SendPing(bAtA);
        }

        bed.Clock.Advance(TimeSpan.FromSeconds(4.9));
        var beforeTimeout = a.Discovery.RequestCache.Count;
        bed.Clock.Advance(TimeSpan.FromSeconds(0.2));

        Assert.Multiple(() =>
        {
            Assert.That(beforeTimeout, Is.EqualTo(10));
            Assert.That(a.Discovery.RequestCache.Count, Is.Zero);
            Assert.That(a.Discovery.RequestCache.TimedOut, Is.EqualTo(10));
            Assert.That(bAtA.PingCount, Is.Zero);
        });
    }

    [Test]
    public async Task OldIntroductionRequest_DiscoveryOverride_AnswersOldFormatWithFreshPeer()
    {
        var bed = new Bed();
        var a = await bed.AddAsync(1, withApp: false, trust: false);
        var b = await bed.AddAsync(2, withApp: false, trust: false);

        a.Discovery.WalkTo(b.Address);
        bed.Clock.Advance(TimeSpan.FromSeconds(1));

        var aAtB = b.Network.GetVerifiedByAddress(a.Address);
        Assert.Multiple(() =>
        {
            Assert.That(a.Sent[0].MessageId, Is.EqualTo(246), "a first contact uses the old format");
            Assert.That(b.Sent[0].MessageId, Is.EqualTo(245), "the override answers in the old format");
            Assert.That(aAtB, Is.Not.Null);
            Assert.That(aAtB!.LanAddress, Is.Null, "the override does not record the LAN address");
            Assert.That(aAtB.NewStyleIntro, Is.False, "nor the new-style flag");
            Assert.That(b.Network.GetServices(aAtB), Does.Contain(DiscoveryService));
            Assert.That(b.Discovery.Drops.Total, Is.Zero);
        });
    }

    /// <summary>Hosts with a DiscoveryCommunity (and optionally an app overlay) sharing one network and identity, on a <see cref="SimulatedSwarm"/>.</summary>
    private sealed class Bed
    {
        // A swarm without tracker or peers builds synchronously (nothing to open yet); hosts join through AddAsync.
        public SimulatedSwarm Harness { get; } = SimulatedSwarm.CreateBuilder(3).WithKeys(TestOverlay.Keys).BuildAsync().GetAwaiter().GetResult();

        public VirtualClock Clock => Harness.Clock;

        public async Task<Host> AddAsync(int seed, bool withApp, bool trust = true)
        {
            var sent = new List<SentDatagram>();
            var trustOptions = new PeerTrustOptions { Enabled = trust };
            var peer = await Harness.AddPeerAsync(p =>
            {
                p.KeySeed(seed).WrapEndpoint(e => new RecordingEndpoint(e, sent))
                    .Community(s => new DiscoveryCommunity(s), s => s with { CommunityId = DiscoveryCommunity.DiscoveryCommunityId.ToArray(), RandomSeed = seed, Trust = trustOptions });
                if (withApp)
                {
                    p.Community(s => new TestOverlay(s), s => s with { CommunityId = TestOverlay.DefaultId, RandomSeed = seed + 1000, Trust = trustOptions });
                }
            });
            return new Host(peer, sent);
        }

        public CommunitySettings Settings(Host host, byte[] id, int seed) => new()
        {
            CommunityId = id,
            MyPeer = host.MyPeer,
            Endpoint = host.Endpoint,
            Network = host.Network,
            KeyFactory = TestOverlay.Keys,
            TimeProvider = Clock,
            RandomSeed = seed,
        };
    }

    private sealed class Host(SimulatedPeer peer, List<SentDatagram> sent)
    {
        public Ipv8.Messaging.IEndpoint Endpoint => peer.Endpoint;

        public Network Network => peer.Network;

        public MyPeer MyPeer => peer.MyPeer;

        public List<SentDatagram> Sent { get; } = sent;

        public Ipv8.Messaging.UdpAddress Address => Endpoint.LocalAddress;

        public DiscoveryCommunity Discovery => peer.Get<DiscoveryCommunity>();

        public TestOverlay? App => peer.Communities.OfType<TestOverlay>().FirstOrDefault();
    }
}
