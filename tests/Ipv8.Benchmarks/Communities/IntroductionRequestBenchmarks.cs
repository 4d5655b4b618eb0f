using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Ipv8.Communities;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;
using Ipv8.Peers;

namespace Ipv8.Benchmarks.Communities;

/// <summary>
/// The receive path of a signed introduction-request (parse, verify, bookkeeping, build and sign the response, send)
/// against its unavoidable core: verifying one signature and making one.
/// </summary>
[MemoryDiagnoser]
public class IntroductionRequestBenchmarks
{
    private static readonly UdpAddress ResponderAddress = UdpAddress.Parse("198.51.100.1:8090");
    private static readonly UdpAddress RequesterAddress = UdpAddress.Parse("198.51.100.2:8090");
    private readonly byte[] _signature = new byte[64];
    private KeyFactory _keys = null!;
    private PrivateKey _responderKey = null!;
    private Community _responder = null!;
    private byte[] _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        _keys = new KeyFactory(SignatureBackendKind.Auto);
        _responderKey = Key(1);
        var requesterKey = Key(2);
        _responder = new Community(new CommunitySettings
        {
            CommunityId = SHA256.HashData("benchmark"u8).AsMemory(0, 20),
            MyPeer = new MyPeer(_responderKey),
            Endpoint = new DiscardEndpoint(ResponderAddress),
            Network = new Network(),
            KeyFactory = _keys,
            RandomSeed = 1,
        });

        // A few peers so the response introduces someone and sends a puncture-request too.
        for (var i = 0; i < 10; i++)
        {
            var peer = new Peer(Key(100 + i).PublicKey, UdpAddress.FromIPv4(0xC6336500u + (uint)i, 8090));
            _responder.Network.AddVerifiedPeer(peer);
            _responder.Network.DiscoverServices(peer, _responder.ServiceId);
        }

        var payload = new NewIntroductionRequestPayload(ResponderAddress, RequesterAddress, RequesterAddress, 7);
        var buffer = new byte[1024];
        var length = MessageFraming.WriteSigned(buffer, _responder.Prefix.Bytes, NewIntroductionRequestPayload.MessageId, requesterKey, 7, in payload);
        _request = buffer[..length];
        _responder.OnDatagram(RequesterAddress, _request);
        if (_responder.Drops.Total != 0 || _responder.PeerCount != 11)
        {
            throw new InvalidOperationException("The benchmark request was not accepted.");
        }
    }

    [Benchmark(Baseline = true)]
    public bool VerifyAndSign()
    {
        var ok = _keys.TryParsePublicKey(_request.AsSpan(25, 74), out var key) && key.Verify(_request.AsSpan(_request.Length - 64), _request.AsSpan(0, _request.Length - 64));
        _responderKey.Sign(_request.AsSpan(0, 140), _signature);
        return ok;
    }

    [Benchmark]
    public long HandleIntroductionRequest()
    {
        _responder.OnDatagram(RequesterAddress, _request);
        return _responder.Endpoint.Counters.PacketsOut;
    }

    private PrivateKey Key(int seed)
    {
        var x25519 = SHA256.HashData(BitConverter.GetBytes(seed));
        return _keys.FromCurve25519Halves(x25519, SHA256.HashData(x25519));
    }
}
