using Ipv8.Communities;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Peers;

namespace Ipv8.Tests.Communities;

/// <summary>A plain community for tests, with hooks to add handlers and to see the introduction callbacks.</summary>
internal sealed class TestOverlay(CommunitySettings settings) : Community(settings)
{
    public static readonly byte[] DefaultId = Convert.FromHexString("00112233445566778899aabbccddeeff00112233");

    public List<Peer> RequestsSeen { get; } = [];

    public List<Peer> ResponsesSeen { get; } = [];

    public void AddHandler(byte id, MessageHandler handler) => AddMessageHandler(id, handler);

    public void AddSigned<T>(byte id, SignedPayloadHandler<T> handler, bool hasGlobalTime = true)
        where T : IPayload<T> => AddSignedHandler(id, handler, hasGlobalTime);

    public void AddUnsigned<T>(byte id, UnsignedPayloadHandler<T> handler)
        where T : IPayload<T> => AddUnsignedHandler(id, handler);

    public bool Send<T>(UdpAddress destination, byte id, T payload, bool signed = true, bool hasGlobalTime = true)
        where T : IPayload<T>
        => !signed ? SendUnsigned(destination, id, in payload)
            : hasGlobalTime ? SendSigned(destination, id, in payload) : SendSignedWithoutGlobalTime(destination, id, in payload);

    public static KeyFactory Keys { get; } = new(SignatureBackendKind.Auto);

    /// <summary>A deterministic curve25519 key per seed (the simulation harness's derivation).</summary>
    public static PrivateKey CreateKey(int seed) => Ipv8.Simulation.SimulatedSwarm.CreateKey(Keys, seed);

    public static async Task<TestOverlay> CreateAsync(IEndpoint endpoint, int seed, int maxPeers = 30, Network? network = null, MyPeer? myPeer = null, TimeProvider? clock = null, IReadOnlyList<Ipv8.Bootstrapping.IBootstrapper>? bootstrappers = null, bool trust = true)
    {
        await endpoint.OpenAsync();
        return new TestOverlay(new CommunitySettings
        {
            CommunityId = DefaultId,
            MyPeer = myPeer ?? new MyPeer(CreateKey(seed)),
            Endpoint = endpoint,
            Network = network ?? new Network(),
            KeyFactory = Keys,
            MaxPeers = maxPeers,
            TimeProvider = clock ?? TimeProvider.System,
            RandomSeed = seed,
            Bootstrappers = bootstrappers ?? [],
            Trust = new PeerTrustOptions { Enabled = trust },
        });
    }

    protected override void OnIntroductionRequest(Peer peer, in IntroductionRequestInfo request) => RequestsSeen.Add(peer);

    protected override void OnIntroductionResponse(Peer peer, in IntroductionResponseInfo response) => ResponsesSeen.Add(peer);
}
