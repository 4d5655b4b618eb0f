using Ipv8.Discovery;
using Ipv8.Messaging;
using Ipv8.Peers;
using Ipv8.Simulation;
using Ipv8.Tests.Communities;
using Ipv8.Tests.Peers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipv8.Tests.Discovery;

/// <summary>A fake overlay for strategy unit tests: a real <see cref="Network"/>, a virtual clock, and a log of what strategies asked for.</summary>
internal sealed class FakeOverlay : IPingOverlay, ISimilarityOverlay
{
    public static readonly byte[] Id = Convert.FromHexString("aabbccddeeff00112233445566778899aabbccdd");

    public FakeOverlay(int seed = 1, VirtualClock? clock = null)
    {
        TimeProvider = clock ?? new VirtualClock();
        Random = new Random(seed);
        MyPeer = new MyPeer(TestOverlay.CreateKey(seed));
        Service = ServiceId.From(Id);
    }

    public ReadOnlyMemory<byte> CommunityId => Id;

    public ServiceId Service { get; }

    public MyPeer MyPeer { get; }

    public int MaxPeers { get; set; } = 30;

    public Network Network { get; } = new();

    public VirtualClock Clock => (VirtualClock)TimeProvider;

    public TimeProvider TimeProvider { get; }

    public Random Random { get; }

    public ILogger Logger => NullLogger.Instance;

    public List<UdpAddress> Walks { get; } = [];

    public List<Peer?> IntroductionRequests { get; } = [];

    public int Bootstraps { get; private set; }

    public List<Peer> Pings { get; } = [];

    public List<UdpAddress> SimilarityRequests { get; } = [];

    public static UdpAddress Address(int i) => UdpAddress.FromIPv4(0xC6336400u + (uint)i, 8090);

    /// <summary>Adds a verified peer of this overlay's service at <see cref="Address"/>(i).</summary>
    public Peer AddPeer(int i)
    {
        var peer = new Peer(TestKey.Named("peer" + i), Address(i), TimeProvider.GetUtcNow());
        var held = Network.AddVerifiedPeer(peer)!;
        Network.DiscoverServices(held, Service);
        return held;
    }

    /// <summary>Makes <see cref="Address"/>(i) walkable, introduced by <paramref name="introducer"/>.</summary>
    public void AddWalkable(int i, Peer introducer) => Network.DiscoverAddress(introducer, Address(i), Service);

    public IReadOnlyList<Peer> GetPeers() => Network.GetPeersForService(Service);

    public IReadOnlyList<UdpAddress> GetWalkableAddresses() => Network.GetWalkableAddresses(Service);

    public void WalkTo(UdpAddress address) => Walks.Add(address);

    public void GetNewIntroduction(Peer? fromPeer = null) => IntroductionRequests.Add(fromPeer);

    public void Bootstrap() => Bootstraps++;

    public void SendPing(Peer peer) => Pings.Add(peer);

    public void SendSimilarityRequest(UdpAddress address) => SimilarityRequests.Add(address);
}

/// <summary>An overlay that can neither ping nor send similarity requests.</summary>
internal sealed class PlainFakeOverlay(FakeOverlay inner) : IDiscoveryOverlay
{
    public ReadOnlyMemory<byte> CommunityId => inner.CommunityId;

    public MyPeer MyPeer => inner.MyPeer;

    public int MaxPeers => inner.MaxPeers;

    public Network Network => inner.Network;

    public TimeProvider TimeProvider => inner.TimeProvider;

    public Random Random => inner.Random;

    public ILogger Logger => inner.Logger;

    public IReadOnlyList<Peer> GetPeers() => inner.GetPeers();

    public IReadOnlyList<UdpAddress> GetWalkableAddresses() => inner.GetWalkableAddresses();

    public void WalkTo(UdpAddress address) => inner.WalkTo(address);

    public void GetNewIntroduction(Peer? fromPeer = null) => inner.GetNewIntroduction(fromPeer);

    public void Bootstrap() => inner.Bootstrap();
}
