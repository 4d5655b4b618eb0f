using Ipv8.Communities;
using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;
using Ipv8.Peers;

namespace Ipv8.Tests.Communities;

[TestFixture]
public sealed class CommunityReceiveLimitTests
{
    private static readonly UdpAddress Known = UdpAddress.Parse("198.51.100.9:9");
    private static readonly UdpAddress Newcomer = UdpAddress.Parse("192.0.2.77:7");

    [Test]
    public async Task OnDatagram_FloodFromManyPrefixes_IsRefusedBeforeSignatureVerificationAndKnownPeerIsStillServed()
    {
        var bed = new SimulatedBed();
        var overlay = await CreateAsync(bed, new ReceiveLimitOptions { GlobalRate = 1, GlobalBurst = 50, PrefixRate = 1, PrefixBurst = 5 });
        overlay.OnDatagram(Known, Request(overlay, 5, Known, 1));
        var forged = Request(overlay, 6, Newcomer, 2);
        forged[^1] ^= 0x40;

        for (var i = 0; i < 1_000; i++)
        {
            // Every source in its own generated /24 (simulated addresses, never on a socket), so only the global budget can stop the flood.
            overlay.OnDatagram(UdpAddress.FromIPv4(0xCB00_0000u + ((uint)i << 8) + 1, 4000), forged);
        }

        var answeredBefore = bed.Sent.Count;
        overlay.OnDatagram(Known, Request(overlay, 5, Known, 3));
        var knownAnswered = bed.Sent.Count - answeredBefore;
        overlay.OnDatagram(Newcomer, Request(overlay, 7, Newcomer, 4));
        var counters = overlay.GetCounters();

        Assert.Multiple(() =>
        {
            Assert.That(overlay.Drops[DropReason.BadSignature], Is.EqualTo(49), "only the admitted forgeries were verified (one token went to the known peer's first request)");
            Assert.That(overlay.Drops[DropReason.RateLimitedGlobal], Is.EqualTo(1_000 - 49 + 1), "the flood, then the newcomer");
            Assert.That(knownAnswered, Is.EqualTo(1), "a verified peer is not charged to the budget of unproven sources");
            Assert.That(overlay.RequestsSeen, Has.Count.EqualTo(2));
            Assert.That(counters.Drops[DropReason.RateLimitedGlobal], Is.EqualTo(overlay.Drops[DropReason.RateLimitedGlobal]));
            Assert.That(counters.Limiter["dropped_global"], Is.EqualTo(952));
            Assert.That(counters.Limiter["admitted_trusted"], Is.EqualTo(1));
            Assert.That(counters.ToFlatDictionary()["rate_limited_global"], Is.EqualTo(952));
            Assert.That(counters.ToFlatDictionary()["bad_signature"], Is.EqualTo(49));
            Assert.That(counters.ToFlatDictionary().Keys, Has.Some.StartsWith("limiter_").And.Some.StartsWith("endpoint_").And.Some.StartsWith("network_"));
        });
    }

    [Test]
    public async Task OnDatagram_FloodFromOneSlash24_LeavesTheGlobalBudgetToOtherPrefixes()
    {
        var bed = new SimulatedBed();
        var overlay = await CreateAsync(bed, new ReceiveLimitOptions { GlobalRate = 1, GlobalBurst = 50, PrefixRate = 1, PrefixBurst = 5 });
        var forged = Request(overlay, 6, Newcomer, 2);
        forged[^1] ^= 0x40;

        for (var i = 0; i < 1_000; i++)
        {
            overlay.OnDatagram(UdpAddress.FromIPv4(0xCB00_7100u + (uint)(i % 250) + 1, (ushort)(4000 + i)), forged);
        }

        overlay.OnDatagram(Newcomer, Request(overlay, 7, Newcomer, 4));

        Assert.Multiple(() =>
        {
            Assert.That(overlay.Drops[DropReason.BadSignature], Is.EqualTo(5));
            Assert.That(overlay.Drops[DropReason.RateLimitedPrefix], Is.EqualTo(995));
            Assert.That(overlay.RequestsSeen, Has.Count.EqualTo(1), "the newcomer from another prefix is served");
        });
    }

    [Test]
    public async Task Constructor_SharedLimiter_IsUsedByEveryOverlayOnTheEndpoint()
    {
        var bed = new SimulatedBed();
        var endpoint = bed.Network.CreateEndpoint();
        await endpoint.OpenAsync();
        var shared = new SourceRateLimiter(new ReceiveLimitOptions { AddressRate = 1, AddressBurst = 2 }, bed.Clock);
        var network = new Network();
        var first = Create(endpoint, network, bed, TestOverlay.DefaultId, shared);
        var second = Create(endpoint, network, bed, Convert.FromHexString("ffeeddccbbaa99887766554433221100ffeeddcc"), shared);
        var garbage = new byte[60];

        first.Prefix.Bytes.CopyTo(garbage);
        first.OnDatagram(Newcomer, garbage);
        first.OnDatagram(Newcomer, garbage);
        second.Prefix.Bytes.CopyTo(garbage);
        second.OnDatagram(Newcomer, garbage);

        Assert.Multiple(() =>
        {
            Assert.That(first.ReceiveLimiter, Is.SameAs(shared));
            Assert.That(second.ReceiveLimiter, Is.SameAs(shared));
            Assert.That(second.Drops[DropReason.RateLimitedAddress], Is.EqualTo(1), "the address spent its burst at the first overlay");
            Assert.That(first.Drops[DropReason.RateLimitedAddress], Is.Zero);
        });
    }

    [Test]
    public async Task Constructor_DefaultSettings_CreatesOwnLimiterWithDefaultOptions()
    {
        var bed = new SimulatedBed();
        var a = await bed.AddAsync(1);
        var b = await bed.AddAsync(2);

        Assert.Multiple(() =>
        {
            Assert.That(a.ReceiveLimiter, Is.Not.SameAs(b.ReceiveLimiter));
            Assert.That(a.ReceiveLimiter.Options, Is.EqualTo(new ReceiveLimitOptions()));
        });
    }

    private static async Task<TestOverlay> CreateAsync(SimulatedBed bed, ReceiveLimitOptions limits)
    {
        var endpoint = new RecordingEndpoint(bed.Network.CreateEndpoint(), bed.Sent);
        await endpoint.OpenAsync();
        // py-ipv8 rules: these tests count a stranger's request as answered at once (the trust rules would challenge it first).
        return new TestOverlay(Settings(endpoint, new Network(), bed, TestOverlay.DefaultId) with { ReceiveLimits = limits, Trust = new PeerTrustOptions { Enabled = false } });
    }

    private static TestOverlay Create(IEndpoint endpoint, Network network, SimulatedBed bed, byte[] id, SourceRateLimiter limiter)
        => new(Settings(endpoint, network, bed, id) with { ReceiveLimiter = limiter });

    private static CommunitySettings Settings(IEndpoint endpoint, Network network, SimulatedBed bed, byte[] id) => new()
    {
        CommunityId = id,
        MyPeer = new MyPeer(TestOverlay.CreateKey(1)),
        Endpoint = endpoint,
        Network = network,
        KeyFactory = TestOverlay.Keys,
        TimeProvider = bed.Clock,
        RandomSeed = 1,
    };

    private static byte[] Request(Community overlay, int keySeed, UdpAddress source, ushort identifier)
    {
        var payload = new IntroductionRequestPayload(overlay.Endpoint.LocalAddress, source, source, true, ConnectionType.Unknown, identifier);
        var buffer = new byte[1024];
        var length = MessageFraming.WriteSigned(buffer, overlay.Prefix.Bytes, IntroductionRequestPayload.MessageId, TestOverlay.CreateKey(keySeed), identifier, in payload);
        return buffer[..length];
    }
}
