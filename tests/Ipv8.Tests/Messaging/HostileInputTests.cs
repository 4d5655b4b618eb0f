using System.Text.Json;
using Ipv8.Keys;
using Ipv8.Messaging;
using static Ipv8.Tests.Messaging.InteropVectors;

namespace Ipv8.Tests.Messaging;

/// <summary>Truncated, bit-flipped and oversized inputs: parsers return false with a reason and never throw.</summary>
public sealed class HostileInputTests
{
    private KeyFactory Keys { get; } = new(SignatureBackendKind.Auto);

    public static IEnumerable<TestCaseData> All => Cases(AllPackets);

    [TestCaseSource(nameof(All))]
    public void Parse_EveryTruncation_NeverAcceptsAVerifiedMessage(string name)
    {
        var vector = Packet(name);
        var packet = PacketBytes(vector);
        for (var length = 0; length < packet.Length; length++)
        {
            var accepted = TryParseFully(vector, packet.AsSpan(0, length), out var reason);
            Assert.That(accepted, Is.False, $"truncated to {length} bytes was accepted");
            Assert.That(reason, Is.AnyOf(DropReason.TooShort, DropReason.OversizedField, DropReason.Malformed, DropReason.BadSignature),
                $"truncated to {length} bytes");
        }
    }

    [TestCaseSource(nameof(All))]
    public void Parse_SeededRandomByteFlips_NeverThrowsAndSignedOnesNeverVerify(string name)
    {
        var vector = Packet(name);
        var original = PacketBytes(vector);
        var signed = vector.GetProperty("signed").GetBoolean();
        var random = new Random(HashSeed(name));
        for (var round = 0; round < 300; round++)
        {
            var packet = (byte[])original.Clone();
            var flips = random.Next(1, 4);
            for (var f = 0; f < flips; f++)
            {
                packet[random.Next(packet.Length)] ^= (byte)random.Next(1, 256);
            }

            var accepted = TryParseFully(vector, packet, out _);
            if (signed && !packet.AsSpan().SequenceEqual(original))
            {
                Assert.That(accepted, Is.False, $"round {round}: a modified signed packet verified");
            }
        }
    }

    [Test]
    public void TryParse_KeyLengthPastTheEnd_IsOversizedField()
    {
        var packet = PacketBytes(Packet("introduction-request/old"));
        packet[23] = 0xFF;
        packet[24] = 0xFF;

        var ok = SignedMessage.TryParse(packet, true, Keys.TryParsePublicKey, out _, out var reason);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(reason, Is.EqualTo(DropReason.OversizedField));
        });
    }

    [Test]
    public void TryParse_GarbageKey_IsInvalidKey()
    {
        var packet = PacketBytes(Packet("introduction-request/old"));
        packet[25] ^= 0xFF; // "LibNaCLPK:" no longer matches, and the bytes are not DER either

        var ok = SignedMessage.TryParse(packet, true, Keys.TryParsePublicKey, out _, out var reason);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(reason, Is.EqualTo(DropReason.InvalidKey));
        });
    }

    [Test]
    public void TryParse_ShorterThanHeader_IsTooShort()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SignedMessage.TryParse(new byte[24], true, Keys.TryParsePublicKey, out _, out var signedReason), Is.False);
            Assert.That(signedReason, Is.EqualTo(DropReason.TooShort));
            Assert.That(UnsignedMessage.TryParse(new byte[30], out _, out var unsignedReason), Is.False);
            Assert.That(unsignedReason, Is.EqualTo(DropReason.TooShort));
        });
    }

    [TestCase("ffff00", "varlenH")]
    [TestCase("ffffffff00", "varlenI")]
    [TestCase("ffff" + "00", "varlenHx20")]
    [TestCase("ff" + "0000", "varlenBx2")]
    [TestCase("ffff" + "0000", "arrayH-q")]
    [TestCase("ffff" + "00", "arrayH-?")]
    [TestCase("ffff" + "0000", "arrayH-d")]
    [TestCase("02ffff61620005", "address")]
    [TestCase("ffff" + "0000", "payload")]
    [TestCase("0100ff0000", "varlenH-list")]
    [TestCase("0100ff0000", "payload-list")]
    public void TryRead_LengthFieldPastTheEnd_FailsOversizedWithoutMoving(string hex, string format)
    {
        var reader = new PacketReader(Convert.FromHexString(hex));

        var ok = TryReadFormat(ref reader, format);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(reader.Failure, Is.EqualTo(DropReason.OversizedField));
            Assert.That(reader.Position, Is.Zero);
        }
    }

    [TestCase("00", "ip_address")]
    [TestCase("02", "ip_address")]
    [TestCase("04", "address")]
    [TestCase("0002c3280005", "varlenHutf8")]
    [TestCase("020002c3280005", "address")]
    public void TryRead_InvalidValue_FailsMalformedWithoutMoving(string hex, string format)
    {
        var bytes = Convert.FromHexString(hex + "00000000000000000000000000000000000000");
        var reader = new PacketReader(bytes);

        var ok = TryReadFormat(ref reader, format);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(reader.Failure, Is.EqualTo(DropReason.Malformed));
            Assert.That(reader.Position, Is.Zero);
        }
    }

    [Test]
    public void TryDeserialize_RandomGarbageForEveryPayload_NeverThrows()
    {
        var random = new Random(1234);
        var classes = AllPackets.Select(v => v.GetProperty("payload_class").GetString()!).Distinct().ToArray();
        for (var round = 0; round < 2000; round++)
        {
            var bytes = new byte[random.Next(0, 120)];
            random.NextBytes(bytes);
            foreach (var payloadClass in classes)
            {
                _ = VectorPayloads.Decode(payloadClass, bytes, out _);
            }
        }

        Assert.Pass("no exception escaped");
    }

    private static bool TryReadFormat(ref PacketReader reader, string format) => format switch
    {
        "varlenH" => reader.TryReadVarLenH(out _),
        "varlenI" => reader.TryReadVarLenI(out _),
        "varlenHx20" => reader.TryReadVarLenHx20(out _),
        "varlenBx2" => reader.TryReadVarLenBx2(out _),
        "varlenHutf8" => reader.TryReadVarLenHUtf8(out _),
        "arrayH-q" => reader.TryReadArrayHInt64(out _),
        "arrayH-?" => reader.TryReadArrayHBool(out _),
        "arrayH-d" => reader.TryReadArrayHDouble(out _),
        "address" => reader.TryReadAddress(out _),
        "ip_address" => reader.TryReadIpAddress(out _),
        "payload" => reader.TryReadPayload<Int64Payload>(out _),
        "varlenH-list" => reader.TryReadVarLenHList(out _),
        "payload-list" => reader.TryReadPayloadList<Int64Payload>(out _),
        _ => throw new InvalidOperationException(format),
    };

    /// <summary>Frame, payload (exact fit) and, for signed messages, signature: what a community does before acting.</summary>
    private bool TryParseFully(JsonElement vector, ReadOnlySpan<byte> packet, out DropReason reason)
    {
        var payloadClass = vector.GetProperty("payload_class").GetString()!;
        if (!vector.GetProperty("signed").GetBoolean())
        {
            return UnsignedMessage.TryParse(packet, out var unsigned, out reason)
                   && VectorPayloads.Decode(payloadClass, unsigned.Payload, out reason) is not null;
        }

        var hasGlobalTime = vector.GetProperty("decoded_by_py_ipv8").TryGetProperty("global_time", out _);
        if (!SignedMessage.TryParse(packet, hasGlobalTime, Keys.TryParsePublicKey, out var message, out reason)
            || VectorPayloads.Decode(payloadClass, message.Payload, out reason) is null)
        {
            return false;
        }

        if (!message.Verify())
        {
            reason = DropReason.BadSignature;
            return false;
        }

        return true;
    }

    private static int HashSeed(string text)
    {
        var seed = 17;
        foreach (var c in text)
        {
            seed = unchecked((seed * 31) + c);
        }

        return seed;
    }
}
