using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;

namespace Ipv8.Tests.Communities;

/// <summary>
/// The interface switch of spec 5.12 step 3 on <see cref="DualStackWire"/>: a new-style responder advertising a
/// <c>source_wan_address</c> of the other family makes a dual-stack peer record that address as walkable and send the
/// responder a new-format puncture-request (232) naming its own address of that family.
/// </summary>
public class InterfaceSwitchTests
{
    private const ushort ResponseId = 0x4A5B;

    [Test]
    public async Task IntroductionResponse_NewStyleResponderAdvertisesIpv6_RecordsWalkableAndSendsPunctureRequest()
    {
        var wire = new DualStackWire();
        var a = await wire.AddAsync(1);
        var b = wire.AddEndpoint(ipv4: true, ipv6: true);
        var (bv4, bv6) = (Ipv4Of(b), Ipv6Of(b));
        var bKey = TestOverlay.CreateKey(2);
        wire.Inject(bv4, Ipv4Of(a.Endpoint), NewResponse(a, bKey, Ipv4Of(a.Endpoint), bv4, bv6));
        wire.Pump();

        var requests = PunctureRequests(wire, a, bv4);
        Assert.Multiple(() =>
        {
            Assert.That(a.Network.IsKnownAddress(bv6), Is.True, "B's IPv6 address is recorded");
            Assert.That(a.Network.IsNewStyleAddress(bv6), Is.True, "recorded as new-style");
            Assert.That(a.GetWalkableAddresses(), Does.Contain(bv6), "and walkable for this community");
            Assert.That(requests, Has.Count.EqualTo(1), "one puncture-request, to B's current address");
            Assert.That(wire.Sent.Count(d => d.MessageId == PunctureRequestPayload.MessageId), Is.Zero, "never the old format");
        });
        Assert.Multiple(() =>
        {
            Assert.That(requests[0].LanWalkerAddress, Is.EqualTo(UdpAddress.Zero));
            Assert.That(requests[0].WanWalkerAddress, Is.EqualTo(Ipv6Of(a.Endpoint)), "A's own IPv6 address");
            Assert.That(requests[0].Identifier, Is.EqualTo(ResponseId), "the response identifier");
        });
    }

    [Test]
    public async Task IntroductionResponse_SameFamilySourceWan_NoSwitch()
    {
        var wire = new DualStackWire();
        var a = await wire.AddAsync(1);
        var b = wire.AddEndpoint(ipv4: true, ipv6: true);
        var other = UdpAddress.Parse("203.0.113.7", 8090);
        wire.Inject(Ipv4Of(b), Ipv4Of(a.Endpoint), NewResponse(a, TestOverlay.CreateKey(2), Ipv4Of(a.Endpoint), Ipv4Of(b), other));
        wire.Pump();
        Assert.Multiple(() =>
        {
            Assert.That(a.ResponsesSeen, Has.Count.EqualTo(1), "the response was processed");
            Assert.That(a.Network.IsKnownAddress(other), Is.False);
            Assert.That(PunctureRequests(wire, a, Ipv4Of(b)), Is.Empty);
        });
    }

    [Test]
    public async Task IntroductionResponse_WeLackThatFamily_NoSwitch()
    {
        var wire = new DualStackWire();
        var a = await wire.AddAsync(1, ipv6: false);
        var b = wire.AddEndpoint(ipv4: true, ipv6: true);
        wire.Inject(Ipv4Of(b), Ipv4Of(a.Endpoint), NewResponse(a, TestOverlay.CreateKey(2), Ipv4Of(a.Endpoint), Ipv4Of(b), Ipv6Of(b)));
        wire.Pump();
        Assert.Multiple(() =>
        {
            Assert.That(a.ResponsesSeen, Has.Count.EqualTo(1), "the response was processed");
            Assert.That(a.Network.IsKnownAddress(Ipv6Of(b)), Is.False);
            Assert.That(PunctureRequests(wire, a, Ipv4Of(b)), Is.Empty);
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task IntroductionResponse_OldFormatFromIpv6_SwitchesOnlyWhenResponderIsNewStyle(bool supportsNewStyle)
    {
        var wire = new DualStackWire();
        var a = await wire.AddAsync(1);
        var b = wire.AddEndpoint(ipv4: true, ipv6: true);
        var (av4, av6, bv4, bv6) = (Ipv4Of(a.Endpoint), Ipv6Of(a.Endpoint), Ipv4Of(b), Ipv6Of(b));

        // B known on IPv6 (the UDP source) advertises its IPv4 address in an old-format response (IPv4 fields only).
        var payload = new IntroductionResponsePayload(av4, bv4, bv4, default, default, ConnectionType.Unknown, ResponseId, SupportsNewStyle: supportsNewStyle);
        var buffer = new byte[512];
        var length = MessageFraming.WriteSigned(buffer, a.Prefix.Bytes, IntroductionResponsePayload.MessageId, TestOverlay.CreateKey(2), 1, in payload);
        wire.Inject(bv6, av6, buffer[..length]);
        wire.Pump();

        var requests = PunctureRequests(wire, a, bv6);
        Assert.Multiple(() =>
        {
            Assert.That(a.ResponsesSeen, Has.Count.EqualTo(1), "the response was processed");
            Assert.That(a.Network.IsKnownAddress(bv4), Is.EqualTo(supportsNewStyle));
            Assert.That(requests, Has.Count.EqualTo(supportsNewStyle ? 1 : 0));
        });
        if (supportsNewStyle)
        {
            Assert.That(requests[0], Is.EqualTo(new NewPunctureRequestPayload(UdpAddress.Zero, av4, ResponseId)), "A's IPv4 address, new format");
        }
    }

    [Test]
    public async Task WalkTo_DualStackPair_LearnsAndPuncturesOtherFamily()
    {
        var wire = new DualStackWire();
        var a = await wire.AddAsync(1);
        var b = await wire.AddAsync(2);
        var (av6, bv4, bv6) = (Ipv6Of(a.Endpoint), Ipv4Of(b.Endpoint), Ipv6Of(b.Endpoint));
        a.WalkTo(bv4);
        Pump(wire, 3);
        Assert.That(PunctureRequests(wire, a, bv4), Is.Empty, "the first (old-format) answer carries B's IPv4 address only");

        a.WalkTo(bv4);
        Pump(wire, 3);
        var requests = PunctureRequests(wire, a, bv4);
        var heldB = a.Network.GetVerifiedByPublicKeyBin(b.MyPeer.PublicKey.KeyBin);
        Assert.Multiple(() =>
        {
            Assert.That(requests, Has.Count.EqualTo(1), "B's new-format answer advertised its IPv6 address");
            Assert.That(requests.Select(r => r.WanWalkerAddress), Is.All.EqualTo(av6));
            Assert.That(wire.Sent.Count(d => d.MessageId == NewPuncturePayload.MessageId && d.Source == bv6 && d.Destination == av6), Is.EqualTo(1), "B punctured toward A's IPv6 address");
            Assert.That(a.Network.IsKnownAddress(bv6), Is.True);
            Assert.That(heldB?.IPv6Address, Is.EqualTo(bv6), "py-ipv8 rules: the signed puncture from B's IPv6 address adds it to B");
            Assert.That(a.Drops.Total + b.Drops.Total, Is.Zero);
        });
    }

    [Test]
    public async Task WalkTo_DualStackPairWithTrust_Ipv6OnlyWalkableUntilProven()
    {
        var wire = new DualStackWire();
        var a = await wire.AddAsync(1, trust: true);
        var b = await wire.AddAsync(2, trust: true);
        var (av6, bv4, bv6) = (Ipv6Of(a.Endpoint), Ipv4Of(b.Endpoint), Ipv6Of(b.Endpoint));
        a.WalkTo(bv4);
        Pump(wire, 5);

        // B challenges A; A's answer is old-format but marks A new-style at B, so B's deferred answer is new-format (233).
        var heldB = a.Network.GetVerifiedByPublicKeyBin(b.MyPeer.PublicKey.KeyBin);
        Assert.Multiple(() =>
        {
            Assert.That(heldB, Is.Not.Null, "B verified over IPv4");
            Assert.That(PunctureRequests(wire, a, bv4).Select(r => r.WanWalkerAddress), Is.EqualTo(new[] { av6 }), "one puncture-request, to the proven responder");
            Assert.That(wire.Sent.Count(d => d.MessageId == NewPuncturePayload.MessageId && d.Destination == av6), Is.EqualTo(1), "B, trusting A, punctured toward A's IPv6 address");
            Assert.That(a.GetWalkableAddresses(), Does.Contain(bv6), "B's IPv6 address is walkable");
            Assert.That(heldB?.IPv6Address, Is.Null, "but not B's address");
            Assert.That(a.IsProven(bv6, b.MyPeer.PublicKey), Is.False, "nor proven");
            Assert.That(a.Network.GetVerifiedByAddress(bv6), Is.Null);
        });

        a.WalkTo(bv6);
        Pump(wire, 5);
        Assert.Multiple(() =>
        {
            Assert.That(a.IsProven(bv6, b.MyPeer.PublicKey), Is.True, "walking there proves it");
            Assert.That(heldB?.IPv6Address, Is.EqualTo(bv6));
            Assert.That(heldB?.Address, Is.EqualTo(bv6), "the IPv6 slot is preferred");
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task PunctureRequest_LanZero_PuncturesWanUnlessItIsOurWanIp(bool wanIsOurWanIp)
    {
        var wire = new DualStackWire();
        var b = await wire.AddAsync(2);
        var requester = UdpAddress.Parse("192.0.2.9", 8090);
        var wan = wanIsOurWanIp ? b.MyEstimatedWan.WithPort(7000) : UdpAddress.Parse("[2001:db8::77]:8090");
        var payload = new NewPunctureRequestPayload(UdpAddress.Zero, wan, ResponseId);
        var buffer = new byte[256];
        var length = MessageFraming.WriteUnsigned(buffer, b.Prefix.Bytes, NewPunctureRequestPayload.MessageId, 1, in payload);
        wire.Inject(requester, Ipv4Of(b.Endpoint), buffer[..length]);
        wire.Pump();

        var punctures = wire.Sent.Where(d => d.MessageId == NewPuncturePayload.MessageId).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(punctures.Select(d => d.Destination), Is.EqualTo(wanIsOurWanIp ? Array.Empty<UdpAddress>() : new[] { wan }), "toward the wan address, never toward 0.0.0.0:0");
            Assert.That(wire.Sent.Where(d => d.Destination.IsZero), Is.Empty);
        });
    }

    private static UdpAddress Ipv4Of(IEndpoint endpoint) => endpoint.GetLocalAddress(System.Net.Sockets.AddressFamily.InterNetwork);

    private static UdpAddress Ipv6Of(IEndpoint endpoint) => endpoint.GetLocalAddress(System.Net.Sockets.AddressFamily.InterNetworkV6);

    private static byte[] NewResponse(TestOverlay receiver, PrivateKey key, UdpAddress destination, UdpAddress source, UdpAddress sourceWan)
    {
        var payload = new NewIntroductionResponsePayload(destination, source, sourceWan, default, default, ResponseId);
        var buffer = new byte[512];
        var length = MessageFraming.WriteSigned(buffer, receiver.Prefix.Bytes, NewIntroductionResponsePayload.MessageId, key, 1, in payload);
        return buffer[..length];
    }

    /// <summary>The new-format puncture-requests <paramref name="sender"/> sent to <paramref name="destination"/>, parsed.</summary>
    private static List<NewPunctureRequestPayload> PunctureRequests(DualStackWire wire, TestOverlay sender, UdpAddress destination)
    {
        var result = new List<NewPunctureRequestPayload>();
        foreach (var datagram in wire.Sent)
        {
            if (datagram.MessageId == NewPunctureRequestPayload.MessageId && datagram.Destination == destination && sender.Endpoint.GetLocalAddress(datagram.Source.Family) == datagram.Source)
            {
                result.Add(ParseOrThrow(datagram.Data));
            }
        }

        return result;
    }

    private static NewPunctureRequestPayload ParseOrThrow(byte[] data)
    {
        if (!UnsignedMessage.TryParse(data, out var message, out var reason) || !message.TryReadPayload(out NewPunctureRequestPayload payload, out reason))
        {
            throw new AssertionException($"puncture-request does not parse: {reason}");
        }

        return payload;
    }

    private static void Pump(DualStackWire wire, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            wire.Pump();
        }
    }
}
