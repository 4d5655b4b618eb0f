using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Cryptography;
using Ipv8.Communities;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;
using Ipv8.Peers;

namespace Ipv8.Tests.Communities;

/// <summary>
/// <see cref="Community.OnDatagram"/> called from several receive workers at once: signatures are checked outside the
/// lock and answers signed after it, while every state change stays serialized.
/// </summary>
public class CommunityParallelDispatchTests
{
    private static readonly UdpAddress Own = UdpAddress.Parse("127.0.0.1:9000");

    private static UdpAddress Source(int i) => UdpAddress.Parse($"127.1.{i / 200}.{1 + (i % 200)}:{10_000 + i}");

    [Test]
    public void OnDatagram_ConcurrentSourcesWithForgeries_AnswersEachGenuineOnceAndDropsEachForgery()
    {
        const int sources = 120;
        var keys = new KeyFactory();
        var endpoint = new CapturingEndpoint(Own);
        var community = new Community(new CommunitySettings
        {
            CommunityId = SHA256.HashData("parallel dispatch"u8).AsMemory(0, 20),
            MyPeer = new MyPeer(keys.Generate(KeyFactory.Curve25519)),
            Endpoint = endpoint,
            Network = new Network(),
            KeyFactory = keys,
            MaxPeers = 1000,
            RandomSeed = 3,
            Trust = new PeerTrustOptions { Enabled = false },
            ReceiveLimits = new ReceiveLimitOptions { Enabled = false },
        });

        // Even sources send a genuine request, odd ones the same request with one signature bit flipped.
        var datagrams = new (UdpAddress Source, byte[] Data)[sources];
        for (var i = 0; i < sources; i++)
        {
            var payload = new IntroductionRequestPayload(Own, Source(i), Source(i), Advice: true, ConnectionType.Unknown, (ushort)(1000 + i));
            var buffer = new byte[1024];
            var length = MessageFraming.WriteSigned(buffer, community.Prefix.Bytes, IntroductionRequestPayload.MessageId, keys.Generate(KeyFactory.Curve25519), 1, in payload);
            var data = buffer[..length];
            if (i % 2 == 1)
            {
                data[^1] ^= 0x01;
            }

            datagrams[i] = (Source(i), data);
        }

        using var start = new Barrier(2);
        var threads = Enumerable.Range(0, 2).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = t; i < sources; i += 2)
            {
                community.OnDatagram(datagrams[i].Source, datagrams[i].Data);
            }
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        var responses = endpoint.Sent.Where(s => s.Data[CommunityPrefix.Length] is IntroductionResponsePayload.MessageId or NewIntroductionResponsePayload.MessageId).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(community.Drops[DropReason.BadSignature], Is.EqualTo(sources / 2));
            Assert.That(community.PeerCount, Is.EqualTo(sources / 2));
            Assert.That(responses.Select(r => r.Destination), Is.EquivalentTo(Enumerable.Range(0, sources).Where(i => i % 2 == 0).Select(Source)));
            foreach (var response in responses)
            {
                Assert.That(SignedMessage.TryParse(response.Data, hasGlobalTime: true, keys, out var message, out _), Is.True);
                Assert.That(message.Verify(), Is.True, "an answer signed after the lock must carry a valid signature");
                Assert.That(message.PublicKey, Is.EqualTo(community.MyPeer.PublicKey));
            }
        });
    }

    /// <summary>Records what is sent (thread-safe); receives nothing.</summary>
    private sealed class CapturingEndpoint(UdpAddress local) : IEndpoint
    {
        private readonly ConcurrentQueue<(UdpAddress Destination, byte[] Data)> _sent = new();
        private readonly DatagramRouter _router = new(new CounterSet<DropReason>());

        public IReadOnlyList<(UdpAddress Destination, byte[] Data)> Sent => [.. _sent];

        public bool IsOpen => true;

        public UdpAddress LocalAddress => local;

        public EndpointCounters Counters { get; } = new();

        public bool SupportsAddressFamily(AddressFamily family) => family == AddressFamily.InterNetwork;

        public UdpAddress GetLocalAddress(AddressFamily family) => family == AddressFamily.InterNetwork ? local : UdpAddress.Zero;

        public ValueTask OpenAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask CloseAsync() => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        public bool Send(UdpAddress destination, ReadOnlySpan<byte> datagram)
        {
            _sent.Enqueue((destination, datagram.ToArray()));
            return true;
        }

        public void AddListener(IDatagramListener listener) => _router.AddListener(listener);

        public void AddPrefixListener(ReadOnlySpan<byte> prefix, IDatagramListener listener) => _router.AddPrefixListener(prefix, listener);

        public void RemoveListener(IDatagramListener listener) => _router.RemoveListener(listener);
    }
}
