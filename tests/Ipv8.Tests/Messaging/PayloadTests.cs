using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;

namespace Ipv8.Tests.Messaging;

public sealed class PayloadTests
{
    private static readonly UdpAddress A = UdpAddress.Parse("192.0.2.1", 1001);
    private static readonly UdpAddress B = UdpAddress.Parse("198.51.100.2", 1002);
    private static readonly UdpAddress C = UdpAddress.Parse("203.0.113.3", 1003);
    private static readonly UdpAddress V6 = UdpAddress.Parse("2001:db8::7", 1007);

    [TestCase(ConnectionType.Unknown, false, false)]
    [TestCase(ConnectionType.Public, true, false)]
    [TestCase(ConnectionType.SymmetricNat, true, true)]
    [TestCase(ConnectionType.NotApplicable, false, true)]
    public void ConnectionTypeEncoding_EveryType_RoundTripsThroughTwoBits(ConnectionType type, bool bit0, bool bit1)
    {
        Assert.Multiple(() =>
        {
            Assert.That(ConnectionTypeEncoding.Encode(type), Is.EqualTo((bit0, bit1)));
            Assert.That(ConnectionTypeEncoding.Decode(bit0, bit1), Is.EqualTo(type));
            Assert.That(ConnectionTypeEncoding.FromFlags(ConnectionTypeEncoding.ToFlags(type)), Is.EqualTo(type));
        });
    }

    [TestCase(true, false)]
    [TestCase(false, true)]
    public void IntroductionRequest_AdviceRoundTrip_IsInvertedLikePyIpv8(bool written, bool read)
    {
        var payload = new IntroductionRequestPayload(A, B, C, written, ConnectionType.SymmetricNat, 7, new byte[] { 1, 2 }, SupportsNewStyle: true);

        var parsed = RoundTrip(payload);

        Assert.That(parsed, Is.EqualTo(payload with { Advice = read, ExtraBytes = parsed.ExtraBytes }));
        Assert.That(parsed.ExtraBytes.ToArray(), Is.EqualTo(new byte[] { 1, 2 }));
    }

    [Test]
    public void NewFormats_WithIPv6Addresses_RoundTrip()
    {
        var request = new NewIntroductionRequestPayload(V6, A, B, 9, IntroductionRequestFlags.SupportsNewStyle | IntroductionRequestFlags.ConnectionType0);
        var response = new NewIntroductionResponsePayload(V6, A, B, C, V6, 9, NewIntroductionResponseFlags.IntroSupportsNewStyle);
        var punctureRequest = new NewPunctureRequestPayload(UdpAddress.Zero, V6, 9);
        var puncture = new NewPuncturePayload(A, V6, 9);
        Assert.Multiple(() =>
        {
            Assert.That(RoundTrip(request), Is.EqualTo(request));
            Assert.That(request.ConnectionType, Is.EqualTo(ConnectionType.Public));
            Assert.That(RoundTrip(response), Is.EqualTo(response));
            Assert.That(RoundTrip(response).IntroSupportsNewStyle, Is.True);
            Assert.That(RoundTrip(punctureRequest), Is.EqualTo(punctureRequest));
            Assert.That(RoundTrip(puncture), Is.EqualTo(puncture));
        });
    }

    [Test]
    public void OldFormats_RoundTrip()
    {
        var response = new IntroductionResponsePayload(A, B, C, A, B, ConnectionType.Public, 3, SupportsNewStyle: true, IntroSupportsNewStyle: true, PeerLimitReached: true);
        var punctureRequest = new PunctureRequestPayload(A, B, 3);
        var puncture = new PuncturePayload(B, C, 3);
        Assert.Multiple(() =>
        {
            Assert.That(RoundTrip(response), Is.EqualTo(response));
            Assert.That(PayloadSerializer.ToArray(response)[30], Is.EqualTo(0x80 | 0x10 | 0x08 | 0x04));
            Assert.That(RoundTrip(punctureRequest), Is.EqualTo(punctureRequest));
            Assert.That(RoundTrip(puncture), Is.EqualTo(puncture));
        });
    }

    [Test]
    public void Similarity_RoundTripWithPreferenceLists()
    {
        ReadOnlyMemory<byte>[] ids = [Enumerable.Repeat((byte)1, 20).ToArray(), Enumerable.Repeat((byte)2, 20).ToArray()];
        var request = RoundTrip(new SimilarityRequestPayload(5, A, B, ConnectionType.Unknown, ids));
        var response = RoundTrip(new SimilarityResponsePayload(5, ids, new byte[24]));
        Assert.Multiple(() =>
        {
            Assert.That(request.PreferenceList.Select(m => m.ToArray()), Is.EqualTo(ids.Select(m => m.ToArray())));
            Assert.That(response.PreferenceList.Select(m => m.ToArray()), Is.EqualTo(ids.Select(m => m.ToArray())));
            Assert.That(response.TbOverlap.Length, Is.EqualTo(24));
        });
    }

    [Test]
    public void SimilarityResponse_IdNot20Bytes_ThrowsOnWrite()
    {
        var payload = new SimilarityResponsePayload(1, [new byte[19]]);
        Assert.Throws<InvalidOperationException>(() => PayloadSerializer.ToArray(payload));
    }

    [Test]
    public void DiscoveryIntroductionRequest_DispersyVariant_ParsesMarkerMidAndRequest()
    {
        var mid = Enumerable.Range(0, 20).Select(i => (byte)i).ToArray();
        var inner = new IntroductionRequestPayload(A, B, C, true, ConnectionType.Unknown, 4);
        var bytes = PayloadSerializer.ToArray(new DiscoveryIntroductionRequestPayload((byte)'Y', mid, inner));

        Assert.That(PayloadSerializer.TryDeserialize<DiscoveryIntroductionRequestPayload>(bytes, out var parsed, out _), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(bytes, Has.Length.EqualTo(42));
            Assert.That(parsed.Marker, Is.EqualTo((byte)'Y'));
            Assert.That(parsed.IntroduceMid.ToArray(), Is.EqualTo(mid));
            Assert.That(parsed.Request.Identifier, Is.EqualTo(4));
            Assert.That(parsed.Request.DestinationAddress, Is.EqualTo(A));
        });
    }

    [TestCase(0, false)]
    [TestCase(20, false)]
    [TestCase(21, true)]
    public void DiscoveryIntroductionRequest_NormalOldRequest_MisparsesOnlyFrom21ExtraBytes(int extraBytes, bool misparsed)
    {
        // Spec 7.3 quirk: the marker is not checked, so a long enough normal request parses as the Dispersy variant.
        var bytes = PayloadSerializer.ToArray(new IntroductionRequestPayload(A, B, C, true, ConnectionType.Unknown, 4, new byte[extraBytes]));

        Assert.That(PayloadSerializer.TryDeserialize<DiscoveryIntroductionRequestPayload>(bytes, out _, out _), Is.EqualTo(misparsed));
    }

    [Test]
    public void DataclassMapping_NestedPayloadsAndArrays_RoundTrip()
    {
        var payload = new NestedDataclass(
            new Int64Payload(-5),
            [new Int64Payload(1), new Int64Payload(2)],
            [true, false],
            [0.25, -8],
            [Array.Empty<byte>(), new byte[] { 7 }]);

        var bytes = PayloadSerializer.ToArray(payload);
        Assert.That(PayloadSerializer.TryDeserialize<NestedDataclass>(bytes, out var parsed, out _), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(Convert.ToHexStringLower(bytes), Is.EqualTo(
                "0008fffffffffffffffb" + "02" + "00080000000000000001" + "00080000000000000002"
                + "0200" + "0100" + "0200" + "000000000000d03f" + "00000000000020c0" + "02" + "0000" + "000107"));
            Assert.That(parsed.Single, Is.EqualTo(payload.Single));
            Assert.That(parsed.Many, Is.EqualTo(payload.Many));
            Assert.That(parsed.Flags, Is.EqualTo(payload.Flags));
            Assert.That(parsed.Ratios, Is.EqualTo(payload.Ratios));
            Assert.That(parsed.Blobs.Select(b => b.ToArray()), Is.EqualTo(payload.Blobs.Select(b => b.ToArray())));
        });
    }

    [Test]
    public void TryDeserialize_LeftoverBytes_IsMalformed()
    {
        var ok = PayloadSerializer.TryDeserialize<PingPayload>(new byte[] { 0, 1, 2 }, out _, out var reason);
        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(reason, Is.EqualTo(DropReason.Malformed));
        });
    }

    private static T RoundTrip<T>(T payload)
        where T : IPayload<T>
    {
        var bytes = PayloadSerializer.ToArray(payload);
        Assert.That(PayloadSerializer.TryDeserialize<T>(bytes, out var parsed, out var reason), Is.True, reason.ToString());
        return parsed;
    }

    private readonly record struct NestedDataclass(Int64Payload Single, Int64Payload[] Many, bool[] Flags, double[] Ratios, ReadOnlyMemory<byte>[] Blobs)
        : IPayload<NestedDataclass>
    {
        public void Write(ref PacketWriter writer)
        {
            writer.WritePayload(Single);
            writer.WritePayloadList<Int64Payload>(Many);
            writer.WriteArrayHBool(Flags);
            writer.WriteArrayHDouble(Ratios);
            writer.WriteVarLenHList(Blobs);
        }

        public static bool TryRead(ref PacketReader reader, out NestedDataclass payload)
        {
            payload = default;
            if (!reader.TryReadPayload<Int64Payload>(out var single)
                || !reader.TryReadPayloadList<Int64Payload>(out var many)
                || !reader.TryReadArrayHBool(out var flags)
                || !reader.TryReadArrayHDouble(out var ratios)
                || !reader.TryReadVarLenHList(out var blobs))
            {
                return false;
            }

            payload = new NestedDataclass(single, many, flags, ratios, blobs);
            return true;
        }
    }
}
