using BenchmarkDotNet.Attributes;
using Ipv8.Communities;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;
using Ipv8.Peers;

namespace Ipv8.Benchmarks;

/// <summary>
/// The full receive path of a signed introduction-request: <see cref="Community.OnDatagram"/> parses the framing,
/// resolves the (cached) key, verifies the signature, reads the payload, updates the network (known peer, services,
/// LAN address), chooses a peer to introduce, sends an unsigned puncture-request to it and builds, signs and sends the
/// introduction-response. Sent datagrams are counted and discarded by <see cref="CountingEndpoint"/>.
/// </summary>
/// <remarks>
/// A fixed set of <see cref="Requesters"/> peers (each with its own address and a pre-signed request) take turns, so
/// after the warm-up the network holds exactly those peers and does not grow. The community checks no global time, so
/// the same datagram can be replayed. With <see cref="Introduce"/> false there is a single requester and hence nobody
/// to introduce (no puncture-request).
/// </remarks>
[MemoryDiagnoser]
public class ReceivePathBenchmarks
{
    private const int Requesters = 4;
    private static readonly byte[] CommunityId = Convert.FromHexString("00112233445566778899aabbccddeeff00112233");
    private readonly UdpAddress[] _sources = new UdpAddress[Requesters];
    private readonly byte[][] _oldRequests = new byte[Requesters][];
    private readonly byte[][] _newRequests = new byte[Requesters][];
    private CountingEndpoint _endpoint = null!;
    private Community _community = null!;
    private int _count;
    private int _next;

    /// <summary>Gets or sets the signature backend (verifying the request and signing the response).</summary>
    [Params(SignatureBackendKind.NSec, SignatureBackendKind.Managed)]
    public SignatureBackendKind Backend { get; set; }

    /// <summary>Gets or sets a value indicating whether other peers are known, so an introduction (and a puncture-request) is made.</summary>
    [Params(true, false)]
    public bool Introduce { get; set; }

    /// <summary>Builds the community with the requesters as verified (proven) peers and their pre-signed requests, and delivers each once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var keys = BenchKeys.Factory(Backend);
        var local = UdpAddress.Parse("192.0.2.1:8090");
        _endpoint = new CountingEndpoint(local);
        _community = new Community(new CommunitySettings
        {
            CommunityId = CommunityId,
            MyPeer = new MyPeer(BenchKeys.Create(keys, 100)),
            Endpoint = _endpoint,
            Network = new Network(),
            KeyFactory = keys,
            RandomSeed = 1,
            // The limiter still checks every datagram, but a benchmark replays each requester's datagram far above
            // the default 100/s per address; the cost measured is the path, not the refusal.
            ReceiveLimits = new ReceiveLimitOptions { AddressRate = 1e12, AddressBurst = 1e12 },
        });

        _count = Introduce ? Requesters : 1;
        var buffer = new byte[1024];
        var requesterKeys = new PrivateKey[_count];
        for (var i = 0; i < _count; i++)
        {
            // The requesters are verified peers at their own addresses, i.e. proven under the trust rules (a walk
            // answered from that address), so each request takes the answer path, not the challenge.
            requesterKeys[i] = BenchKeys.Create(keys, i + 1);
            _sources[i] = UdpAddress.FromIPv4(0xC633_6400u + 10 + (uint)i, 8090); // 198.51.100.(10+i)
            var peer = new Peer(requesterKeys[i].PublicKey, _sources[i]);
            _community.Network.AddVerifiedPeer(peer);
            _community.Network.DiscoverServices(peer, _community.ServiceId);
        }

        for (var i = 0; i < _count; i++)
        {
            var key = requesterKeys[i];
            var old = new IntroductionRequestPayload(local, _sources[i], _sources[i], Advice: true, ConnectionType.Unknown, (ushort)i);
            _oldRequests[i] = buffer.AsSpan(0, MessageFraming.WriteSigned(buffer, _community.Prefix.Bytes, IntroductionRequestPayload.MessageId, key, 1, in old)).ToArray();
            var fresh = new NewIntroductionRequestPayload(local, _sources[i], _sources[i], (ushort)i);
            _newRequests[i] = buffer.AsSpan(0, MessageFraming.WriteSigned(buffer, _community.Prefix.Bytes, NewIntroductionRequestPayload.MessageId, key, 1, in fresh)).ToArray();
            _community.OnDatagram(_sources[i], _oldRequests[i]);
        }

        var expected = Introduce ? 2 * Requesters : 1; // responses, plus a puncture-request each when others are known
        if (_community.Drops.Total != 0 || _community.PeerCount != _count || _endpoint.SentCount != expected)
        {
            throw new InvalidOperationException($"Warm-up failed: drops {_community.Drops.Total}, peers {_community.PeerCount}, sent {_endpoint.SentCount}.");
        }
    }

    /// <summary>Receives an old-format (246) request and answers it (245, plus 250 when introducing).</summary>
    [Benchmark]
    public void ReceiveOldRequest()
    {
        var i = Next();
        _community.OnDatagram(_sources[i], _oldRequests[i]);
    }

    /// <summary>Receives a new-format (234) request and answers it (233, plus 232 when introducing).</summary>
    [Benchmark]
    public void ReceiveNewRequest()
    {
        var i = Next();
        _community.OnDatagram(_sources[i], _newRequests[i]);
    }

    /// <summary>Checks that nothing was dropped and the network did not grow.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        if (_community.Drops.Total != 0 || _community.Network.VerifiedPeerCount != _count)
        {
            var reasons = string.Join(", ", _community.Drops.NonZero().Where(d => d.Value != 0).Select(d => $"{d.Key} {d.Value}"));
            throw new InvalidOperationException($"Measured run dropped {_community.Drops.Total} ({reasons}) or grew the network to {_community.Network.VerifiedPeerCount}.");
        }
    }

    private int Next()
    {
        var i = _next;
        _next = i + 1 == _count ? 0 : i + 1;
        return i;
    }
}
