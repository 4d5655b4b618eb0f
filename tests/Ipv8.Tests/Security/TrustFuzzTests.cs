using Ipv8.Communities;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;
using Ipv8.Peers;
using Ipv8.Tests.Communities;

namespace Ipv8.Tests.Security;

/// <summary>
/// Random valid-looking traffic (signed requests and responses with random identifiers and extra bytes, puncture-requests,
/// garbage) from many addresses against a community with small trust tables: nothing throws, every table stays within its
/// bound, and no address that never proved itself receives more bytes or packets than it sent.
/// </summary>
public class TrustFuzzTests
{
    private const int Iterations = 20_000;
    private const int Sources = 600;

    [Test]
    public async Task OnDatagram_RandomTrafficFromManyAddresses_TablesBoundedAndNoSourceReflectedMoreThanItSent()
    {
        var random = new Random(77);
        var bed = new SimulatedBed(77);
        var endpoint = new RecordingEndpoint(bed.Network.CreateEndpoint(), bed.Sent);
        await endpoint.OpenAsync();
        var trust = new PeerTrustOptions { MaxPendingChallenges = 32, MaxOutstandingRequests = 48, MaxLedgerEntries = 64, MaxProvenAddresses = 8, MaxRateEntries = 16 };
        var overlay = new TestOverlay(new CommunitySettings
        {
            CommunityId = TestOverlay.DefaultId,
            MyPeer = new MyPeer(TestOverlay.CreateKey(1)),
            Endpoint = endpoint,
            Network = new Network(),
            KeyFactory = TestOverlay.Keys,
            MaxPeers = 5,
            TimeProvider = bed.Clock,
            RandomSeed = 77,
            Trust = trust,
        });
        var keys = Enumerable.Range(0, 20).Select(i => TestOverlay.CreateKey(500 + i)).ToArray();
        var received = new Dictionary<UdpAddress, (long Bytes, long Packets)>();
        var maxPending = 0;
        for (var n = 0; n < Iterations; n++)
        {
            var k = random.Next(Sources);
            var source = UdpAddress.FromIPv4(0xC6336400u + (uint)(k % 256), (ushort)(1000 + (k / 256)));
            var datagram = Build(random, overlay, keys[random.Next(keys.Length)], source);
            Assert.DoesNotThrow(() => overlay.OnDatagram(source, datagram));
            var (bytes, packets) = received.GetValueOrDefault(source);
            received[source] = (bytes + datagram.Length, packets + 1);
            maxPending = Math.Max(maxPending, overlay.PendingChallengeCount);
            if (n % 500 == 499)
            {
                bed.Clock.Advance(TimeSpan.FromSeconds(1));
            }
        }

        bed.Clock.Advance(TimeSpan.FromSeconds(2));
        var sent = bed.Sent.GroupBy(d => d.Destination).ToDictionary(g => g.Key, g => (Bytes: g.Sum(d => (long)d.Data.Length), Packets: (long)g.Count()));
        var over = sent.Where(kv => !overlay.Network.GetVerifiedPeers().Any(p => p.HasAddress(kv.Key))
                                    && (kv.Value.Bytes > received.GetValueOrDefault(kv.Key).Bytes || kv.Value.Packets > received.GetValueOrDefault(kv.Key).Packets))
            .Select(kv => kv.Key).ToList();
        TestContext.Out.WriteLine($"sent {bed.Sent.Count} datagrams to {sent.Count} addresses; challenges {overlay.Trust[TrustCounter.ChallengesSent]}, immediate {overlay.Trust[TrustCounter.ImmediateAnswers]}, " +
                                  $"budget drops {overlay.Trust[TrustCounter.ReflectionBudgetDrops]}, pending full {overlay.Trust[TrustCounter.PendingFull]}, unsolicited {overlay.Trust[TrustCounter.UnsolicitedResponses]}, drops {string.Join(", ", overlay.Drops.NonZero())}");
        Assert.Multiple(() =>
        {
            Assert.That(over, Is.Empty, "addresses that received more than they sent");
            Assert.That(maxPending, Is.LessThanOrEqualTo(trust.MaxPendingChallenges));
            Assert.That(overlay.Trust[TrustCounter.PendingFull], Is.Positive, "the pending bound was exercised");
            Assert.That(overlay.Trust[TrustCounter.OutstandingFull], Is.Zero, "challenges make room for each other");
            Assert.That(overlay.Trust[TrustCounter.LedgerFull], Is.Positive, "the ledger bound was exercised");
            Assert.That(overlay.Trust[TrustCounter.UnsolicitedResponses], Is.Positive);
            Assert.That(overlay.Trust[TrustCounter.UntrustedPunctureRequests], Is.Positive);
            Assert.That(overlay.PeerCount, Is.LessThanOrEqualTo(overlay.MaxPeers));
        });
    }

    private static byte[] Build(Random random, TestOverlay overlay, PrivateKey key, UdpAddress claimed)
    {
        var identifier = (ushort)random.Next(65536);
        var extra = new byte[random.Next(4) == 0 ? random.Next(200) : 0];
        var buffer = new byte[2048];
        var own = overlay.Endpoint.LocalAddress;
        int length;
        switch (random.Next(5))
        {
            case 0:
                var old = new IntroductionRequestPayload(own, claimed, claimed, true, ConnectionType.Unknown, identifier, extra);
                length = MessageFraming.WriteSigned(buffer, overlay.Prefix.Bytes, IntroductionRequestPayload.MessageId, key, identifier, in old);
                break;
            case 1:
                var fresh = new NewIntroductionRequestPayload(own, claimed, claimed, identifier, ExtraBytes: extra);
                length = MessageFraming.WriteSigned(buffer, overlay.Prefix.Bytes, NewIntroductionRequestPayload.MessageId, key, identifier, in fresh);
                break;
            case 2:
                var response = new IntroductionResponsePayload(own, claimed, claimed, claimed, claimed, ConnectionType.Unknown, identifier, SupportsNewStyle: true, IntroSupportsNewStyle: false, PeerLimitReached: false);
                length = MessageFraming.WriteSigned(buffer, overlay.Prefix.Bytes, IntroductionResponsePayload.MessageId, key, identifier, in response);
                break;
            case 3:
                return Attack.PunctureRequest(overlay.Prefix, UdpAddress.FromIPv4(0xCB007100u + (uint)random.Next(256), 7), identifier);
            default:
                length = 23 + random.Next(100);
                random.NextBytes(buffer.AsSpan(0, length));
                overlay.Prefix.Bytes.CopyTo(buffer);
                break;
        }

        return buffer[..length];
    }
}
