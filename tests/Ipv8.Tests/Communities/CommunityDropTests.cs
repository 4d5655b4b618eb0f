using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;

namespace Ipv8.Tests.Communities;

public class CommunityDropTests
{
    private static readonly UdpAddress Stranger = UdpAddress.Parse("198.51.100.9:9");

    [Test]
    public async Task OnDatagram_UnknownDeprecatedShortAndForeign_AreCountedByReason()
    {
        var bed = new SimulatedBed();
        var a = await bed.AddAsync(1);
        var datagram = new byte[40];
        a.Prefix.Bytes.CopyTo(datagram);
        datagram[22] = 7;
        a.OnDatagram(Stranger, datagram);
        datagram[22] = 255;
        a.OnDatagram(Stranger, datagram);
        a.OnDatagram(Stranger, datagram.AsSpan(0, 22));
        datagram[5] ^= 1;
        a.OnDatagram(Stranger, datagram);
        Assert.Multiple(() =>
        {
            Assert.That(a.Drops[DropReason.UnknownMessageId], Is.EqualTo(1));
            Assert.That(a.Drops[DropReason.DeprecatedMessageId], Is.EqualTo(1));
            Assert.That(a.Drops[DropReason.TooShort], Is.EqualTo(1));
            Assert.That(a.Drops[DropReason.UnknownPrefix], Is.EqualTo(1));
            Assert.That(bed.Sent, Is.Empty);
        });
    }

    [Test]
    public async Task IntroductionRequest_BadSignature_IsCountedAndUnanswered()
    {
        var bed = new SimulatedBed();
        var a = await bed.AddAsync(1, trust: false);
        var key = TestOverlay.CreateKey(5);
        var payload = new IntroductionRequestPayload(a.Endpoint.LocalAddress, Stranger, Stranger, true, ConnectionType.Unknown, 1);
        var buffer = new byte[1024];
        var length = MessageFraming.WriteSigned(buffer, a.Prefix.Bytes, IntroductionRequestPayload.MessageId, key, 1, in payload);
        var good = buffer[..length];
        var bad = good.ToArray();
        bad[^1] ^= 0x40;

        a.OnDatagram(Stranger, bad);
        var sentAfterBad = bed.Sent.Count;
        a.OnDatagram(Stranger, good);
        Assert.Multiple(() =>
        {
            Assert.That(a.Drops[DropReason.BadSignature], Is.EqualTo(1));
            Assert.That(sentAfterBad, Is.Zero);
            Assert.That(bed.Sent.Select(s => s.MessageId), Is.EqualTo(new byte[] { 245 }), "the good request is answered");
            Assert.That(a.Network.GetVerifiedByAddress(Stranger)?.PublicKey, Is.EqualTo(key.PublicKey));
        });
    }

    [Test]
    public async Task OnDatagram_InvalidKeyAndTruncated_AreCountedByReason()
    {
        var bed = new SimulatedBed();
        var a = await bed.AddAsync(1);
        var key = TestOverlay.CreateKey(5);
        var payload = new IntroductionRequestPayload(a.Endpoint.LocalAddress, Stranger, Stranger, true, ConnectionType.Unknown, 1);
        var buffer = new byte[1024];
        var length = MessageFraming.WriteSigned(buffer, a.Prefix.Bytes, IntroductionRequestPayload.MessageId, key, 1, in payload);
        var garbledKey = buffer[..length];
        garbledKey[25] = (byte)'X';

        a.OnDatagram(Stranger, garbledKey);
        a.OnDatagram(Stranger, buffer.AsSpan(0, 40));
        a.OnDatagram(Stranger, buffer.AsSpan(0, length - 70));
        Assert.Multiple(() =>
        {
            Assert.That(a.Drops[DropReason.InvalidKey], Is.EqualTo(1));
            Assert.That(a.Drops[DropReason.OversizedField], Is.EqualTo(1), "key length points past the end");
            Assert.That(a.Drops[DropReason.TooShort] + a.Drops[DropReason.Malformed], Is.EqualTo(1), "payload cut short");
            Assert.That(bed.Sent, Is.Empty);
        });
    }

    [Test]
    public async Task OnDatagram_HandlerThrows_IsCountedAndDoesNotEscape()
    {
        var bed = new SimulatedBed();
        var a = await bed.AddAsync(1);
        a.AddHandler(5, (_, _) => throw new InvalidOperationException("boom"));
        var datagram = new byte[30];
        a.Prefix.Bytes.CopyTo(datagram);
        datagram[22] = 5;
        Assert.DoesNotThrow(() => a.OnDatagram(Stranger, datagram));
        Assert.That(a.Drops[DropReason.HandlerFailed], Is.EqualTo(1));
    }

    [Test]
    public async Task AddMessageHandler_DuplicateOrReservedId_Throws()
    {
        var bed = new SimulatedBed();
        var a = await bed.AddAsync(1);
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
        var bed = new SimulatedBed();
        var a = await bed.AddAsync(1, trust: false);
        var b = await bed.AddAsync(2, trust: false);
        a.WalkTo(b.Endpoint.LocalAddress);
        bed.Advance();
        var peer = a.Network.GetVerifiedByAddress(b.Endpoint.LocalAddress)!;
        var first = peer.LastResponse;
        bed.Clock.Advance(TimeSpan.FromSeconds(30));
        a.OnDatagram(b.Endpoint.LocalAddress, new byte[3]);
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.Null, "a peer created from a received packet starts with no response time (py-ipv8's 0)");
            Assert.That(peer.LastResponse, Is.EqualTo(bed.Clock.GetUtcNow()));
            Assert.That(a.Drops[DropReason.TooShort], Is.EqualTo(1));
        });
    }

    [Test]
    public async Task PunctureRequest_Received_SendsSignedPunctureToWalker()
    {
        var bed = new SimulatedBed();
        var a = await bed.AddAsync(1, trust: false);
        var lanWalker = UdpAddress.Parse("198.51.100.7:7");
        var wanWalker = UdpAddress.Parse("198.51.100.8:8");
        var request = new PunctureRequestPayload(lanWalker, wanWalker, 42);
        var buffer = new byte[256];
        var length = MessageFraming.WriteUnsigned(buffer, a.Prefix.Bytes, PunctureRequestPayload.MessageId, 3, in request);
        a.OnDatagram(Stranger, buffer.AsSpan(0, length));
        var sent = bed.Sent.Single();
        Assert.That(SignedMessage.TryParse(sent.Data, true, TestOverlay.Keys.TryParsePublicKey, out var message, out _), Is.True);
        Assert.That(message.TryReadPayload<PuncturePayload>(out var puncture, out _), Is.True);
        var verified = message.Verify();
        Assert.Multiple(() =>
        {
            Assert.That(sent.Destination, Is.EqualTo(wanWalker));
            Assert.That(sent.MessageId, Is.EqualTo(PuncturePayload.MessageId));
            Assert.That(verified, Is.True);
            Assert.That(puncture, Is.EqualTo(new PuncturePayload(a.Endpoint.LocalAddress, wanWalker, 42)));
        });
    }
}
