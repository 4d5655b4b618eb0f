using Ipv8.Communities;
using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;
using Ipv8.Peers;

namespace Ipv8.Tests.Communities;

public class CommunityTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    private static UdpAddress Public(int i) => UdpAddress.FromIPv4(0xCB007100u + (uint)i, 7000);

    private static bool Knows(Community community, Community other)
        => community.GetPeers().Any(p => p.PublicKey.Equals(other.MyPeer.PublicKey));

    [Test]
    public async Task WalkTo_TwoPeers_BothVerifyEachOther()
    {
        var hub = new TestHub(new ManualClock());
        var a = await TestOverlay.CreateAsync(hub.CreateEndpoint(Public(1)), 1, clock: hub.Clock);
        var b = await TestOverlay.CreateAsync(hub.CreateEndpoint(Public(2)), 2, clock: hub.Clock);

        a.WalkTo(Public(2));
        hub.Clock.Advance(Tick);

        Assert.Multiple(() =>
        {
            Assert.That(Knows(a, b), Is.True, "A verified B from its response");
            Assert.That(Knows(b, a), Is.True, "B verified A from its request");
            Assert.That(a.Network.GetVerifiedByAddress(Public(2))?.PublicKey, Is.EqualTo(b.MyPeer.PublicKey));
            Assert.That(b.RequestsSeen, Has.Count.EqualTo(1));
            Assert.That(a.ResponsesSeen, Has.Count.EqualTo(1));
            Assert.That(a.MyEstimatedWan, Is.EqualTo(Public(1)), "A learns its WAN address from B's response");
            Assert.That(a.Drops.Total + b.Drops.Total, Is.Zero);
        });
    }

    [Test]
    public async Task WalkTo_RepeatedRequests_NegotiatesNewStyle()
    {
        var hub = new TestHub(new ManualClock());
        var a = await TestOverlay.CreateAsync(hub.CreateEndpoint(Public(1)), 1, clock: hub.Clock);
        var b = await TestOverlay.CreateAsync(hub.CreateEndpoint(Public(2)), 2, clock: hub.Clock);

        a.WalkTo(Public(2));
        hub.Clock.Advance(Tick);
        a.WalkTo(Public(2));
        hub.Clock.Advance(Tick);
        a.WalkTo(Public(2));
        hub.Clock.Advance(Tick);

        var ids = hub.Sent.Select(d => d.MessageId).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(ids, Is.EqualTo(new byte[] { 246, 245, 234, 233, 234, 233 }));
            Assert.That(a.Network.GetVerifiedByAddress(Public(2))!.NewStyleIntro, Is.True);
            Assert.That(b.Network.GetVerifiedByAddress(Public(1))!.NewStyleIntro, Is.True);
        });
    }

    [Test]
    public async Task GetNewIntroduction_ThreePublicPeers_IntroducerConnectsThem()
    {
        var hub = new TestHub(new ManualClock());
        var a = await TestOverlay.CreateAsync(hub.CreateEndpoint(Public(1)), 1, clock: hub.Clock);
        var b = await TestOverlay.CreateAsync(hub.CreateEndpoint(Public(2)), 2, clock: hub.Clock);
        var c = await TestOverlay.CreateAsync(hub.CreateEndpoint(Public(3)), 3, clock: hub.Clock);

        a.WalkTo(Public(2));
        c.WalkTo(Public(2));
        hub.Clock.Advance(Tick);
        a.GetNewIntroduction();
        hub.Clock.Advance(Tick);
        var walkable = a.GetWalkableAddresses();
        foreach (var address in walkable)
        {
            a.WalkTo(address);
        }

        hub.Clock.Advance(Tick);
        Assert.Multiple(() =>
        {
            Assert.That(walkable, Is.EqualTo(new[] { Public(3) }), "B introduced C to A");
            Assert.That(hub.Sent.Any(d => d.Source == Public(2) && d.Destination == Public(3) && d.MessageId is 250 or 232), Is.True, "B asked C to puncture");
            Assert.That(hub.Sent.Any(d => d.Source == Public(3) && d.Destination == Public(1) && d.MessageId is 249 or 231), Is.True, "C punctured toward A");
            Assert.That(Knows(a, c) && Knows(c, a), Is.True);
        });
    }

    [Test]
    public async Task IntroductionRequest_OverMaxPeers_IsDroppedAndCounted()
    {
        var hub = new TestHub(new ManualClock());
        var b = await TestOverlay.CreateAsync(hub.CreateEndpoint(Public(2)), 2, maxPeers: 1, clock: hub.Clock);
        var others = new List<TestOverlay>();
        for (var i = 0; i < 3; i++)
        {
            var peer = await TestOverlay.CreateAsync(hub.CreateEndpoint(Public(10 + i)), 10 + i, clock: hub.Clock);
            others.Add(peer);
            peer.WalkTo(Public(2));
            hub.Clock.Advance(Tick);
        }

        Assert.Multiple(() =>
        {
            Assert.That(b.Drops[DropReason.PeerLimit], Is.EqualTo(1));
            Assert.That(b.GetPeers(), Has.Count.EqualTo(2), "requests are refused only when peers > max_peers");
            Assert.That(Knows(others[2], b), Is.False, "the refused peer gets no response");
            Assert.That(Knows(others[1], b), Is.True);
        });
    }

    [Test]
    public async Task OnDatagram_UnknownAndDeprecatedIds_AreCounted()
    {
        var hub = new TestHub(new ManualClock());
        var a = await TestOverlay.CreateAsync(hub.CreateEndpoint(Public(1)), 1, clock: hub.Clock);
        var datagram = new byte[40];
        a.Prefix.Bytes.CopyTo(datagram);
        datagram[22] = 7;
        a.OnDatagram(Public(9), datagram);
        datagram[22] = 255;
        a.OnDatagram(Public(9), datagram);
        a.OnDatagram(Public(9), datagram.AsSpan(0, 22));
        datagram[5] ^= 1;
        a.OnDatagram(Public(9), datagram);
        Assert.Multiple(() =>
        {
            Assert.That(a.Drops[DropReason.UnknownMessageId], Is.EqualTo(1));
            Assert.That(a.Drops[DropReason.DeprecatedMessageId], Is.EqualTo(1));
            Assert.That(a.Drops[DropReason.TooShort], Is.EqualTo(1));
            Assert.That(a.Drops[DropReason.UnknownPrefix], Is.EqualTo(1));
        });
    }

    [Test]
    public async Task IntroductionRequest_BadSignature_IsCountedAndUnanswered()
    {
        var hub = new TestHub(new ManualClock());
        var a = await TestOverlay.CreateAsync(hub.CreateEndpoint(Public(1)), 1, clock: hub.Clock);
        var key = TestOverlay.CreateKey(5);
        var payload = new IntroductionRequestPayload(Public(1), Public(5), Public(5), true, ConnectionType.Unknown, 1);
        var buffer = new byte[1024];
        var length = MessageFraming.WriteSigned(buffer, a.Prefix.Bytes, IntroductionRequestPayload.MessageId, key, 1, in payload);
        var good = buffer[..length];
        var bad = good.ToArray();
        bad[^1] ^= 0x40;

        a.OnDatagram(Public(5), bad);
        var sentAfterBad = hub.Sent.Count;
        a.OnDatagram(Public(5), good);
        Assert.Multiple(() =>
        {
            Assert.That(a.Drops[DropReason.BadSignature], Is.EqualTo(1));
            Assert.That(sentAfterBad, Is.Zero);
            Assert.That(hub.Sent, Has.Count.EqualTo(1), "the good request is answered");
            Assert.That(a.Network.GetVerifiedByAddress(Public(5))?.PublicKey, Is.EqualTo(key.PublicKey));
        });
    }

    [Test]
    public async Task OnDatagram_MalformedAndInvalidKey_AreCountedByReason()
    {
        var hub = new TestHub(new ManualClock());
        var a = await TestOverlay.CreateAsync(hub.CreateEndpoint(Public(1)), 1, clock: hub.Clock);
        var key = TestOverlay.CreateKey(5);
        var payload = new IntroductionRequestPayload(Public(1), Public(5), Public(5), true, ConnectionType.Unknown, 1);
        var buffer = new byte[1024];
        var length = MessageFraming.WriteSigned(buffer, a.Prefix.Bytes, IntroductionRequestPayload.MessageId, key, 1, in payload);
        var garbledKey = buffer[..length];
        garbledKey[25] = (byte)'X';
        var truncated = buffer[..40];

        a.OnDatagram(Public(5), garbledKey);
        a.OnDatagram(Public(5), truncated);
        Assert.Multiple(() =>
        {
            Assert.That(a.Drops[DropReason.InvalidKey], Is.EqualTo(1));
            Assert.That(a.Drops[DropReason.OversizedField] + a.Drops[DropReason.TooShort], Is.EqualTo(1));
            Assert.That(hub.Sent, Is.Empty);
        });
    }

    [Test]
    public async Task OnDatagram_HandlerThrows_IsCountedAndDoesNotEscape()
    {
        var hub = new TestHub(new ManualClock());
        var a = await TestOverlay.CreateAsync(hub.CreateEndpoint(Public(1)), 1, clock: hub.Clock);
        a.AddHandler(5, (_, _) => throw new InvalidOperationException("boom"));
        var datagram = new byte[30];
        a.Prefix.Bytes.CopyTo(datagram);
        datagram[22] = 5;
        Assert.DoesNotThrow(() => a.OnDatagram(Public(9), datagram));
        Assert.That(a.Drops[DropReason.HandlerFailed], Is.EqualTo(1));
    }

    [Test]
    public async Task AddMessageHandler_DuplicateId_Throws()
    {
        var hub = new TestHub(new ManualClock());
        var a = await TestOverlay.CreateAsync(hub.CreateEndpoint(Public(1)), 1, clock: hub.Clock);
        a.AddHandler(5, (_, _) => { });
        Assert.Multiple(() =>
        {
            Assert.Throws<InvalidOperationException>(() => a.AddHandler(5, (_, _) => { }));
            Assert.Throws<InvalidOperationException>(() => a.AddHandler(246, (_, _) => { }));
        });
    }

    [Test]
    public async Task OnDatagram_FromVerifiedAddressEvenMalformed_RefreshesLastResponse()
    {
        var hub = new TestHub(new ManualClock());
        var a = await TestOverlay.CreateAsync(hub.CreateEndpoint(Public(1)), 1, clock: hub.Clock);
        var b = await TestOverlay.CreateAsync(hub.CreateEndpoint(Public(2)), 2, clock: hub.Clock);
        a.WalkTo(Public(2));
        hub.Clock.Advance(Tick);
        var peer = a.Network.GetVerifiedByAddress(Public(2))!;
        var first = peer.LastResponse;
        hub.Clock.Advance(TimeSpan.FromSeconds(30));
        a.OnDatagram(Public(2), new byte[3]);
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.Null, "a peer created from a received packet starts with no response time (py-ipv8's 0)");
            Assert.That(peer.LastResponse, Is.EqualTo(hub.Clock.GetUtcNow()));
            Assert.That(a.Drops[DropReason.TooShort], Is.EqualTo(1));
        });
    }

    [Test]
    public async Task PunctureRequest_Received_SendsPunctureToWalker()
    {
        var hub = new TestHub(new ManualClock());
        var a = await TestOverlay.CreateAsync(hub.CreateEndpoint(Public(1)), 1, clock: hub.Clock);
        var request = new PunctureRequestPayload(Public(7), Public(8), 42);
        var buffer = new byte[256];
        var length = MessageFraming.WriteUnsigned(buffer, a.Prefix.Bytes, PunctureRequestPayload.MessageId, 3, in request);
        a.OnDatagram(Public(2), buffer.AsSpan(0, length));
        var sent = hub.Sent.Single();
        Assert.That(SignedMessage.TryParse(sent.Data, true, TestOverlay.Keys.TryParsePublicKey, out var message, out _), Is.True);
        Assert.That(message.TryReadPayload<PuncturePayload>(out var puncture, out _), Is.True);
        var verified = message.Verify();
        Assert.Multiple(() =>
        {
            Assert.That(sent.Destination, Is.EqualTo(Public(8)));
            Assert.That(sent.MessageId, Is.EqualTo(PuncturePayload.MessageId));
            Assert.That(verified, Is.True);
            Assert.That(puncture, Is.EqualTo(new PuncturePayload(Public(1), Public(8), 42)));
        });
    }

    [Test]
    public async Task GlobalTime_TwoOverlaysSameIdentity_ShareCounter()
    {
        var hub = new TestHub(new ManualClock());
        var me = new MyPeer(TestOverlay.CreateKey(1));
        var network = new Network();
        var endpoint = hub.CreateEndpoint(Public(1));
        var a = await TestOverlay.CreateAsync(endpoint, 1, network: network, myPeer: me, clock: hub.Clock);
        await TestOverlay.CreateAsync(hub.CreateEndpoint(Public(2)), 2, clock: hub.Clock);
        a.WalkTo(Public(2));
        a.WalkTo(Public(2));
        Assert.That(me.GlobalTime, Is.EqualTo(2UL));
    }

    [Test]
    public async Task UnloadAsync_Unloaded_IgnoresDatagramsAndUnregisters()
    {
        var hub = new TestHub(new ManualClock());
        var a = await TestOverlay.CreateAsync(hub.CreateEndpoint(Public(1)), 1, clock: hub.Clock);
        var b = await TestOverlay.CreateAsync(hub.CreateEndpoint(Public(2)), 2, clock: hub.Clock);
        await b.UnloadAsync();
        a.WalkTo(Public(2));
        hub.Clock.Advance(Tick);
        Assert.Multiple(() =>
        {
            Assert.That(b.IsUnloaded, Is.True);
            Assert.That(b.GetPeers(), Is.Empty);
            Assert.That(b.Network.GetServiceProvider(b.ServiceId), Is.Null);
            Assert.That(Knows(a, b), Is.False);
        });
    }
}
