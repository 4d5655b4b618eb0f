using System.Text.Json;
using System.Text.Json.Nodes;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Tests.Keys;
using static Ipv8.Tests.Messaging.InteropVectors;

namespace Ipv8.Tests.Messaging;

/// <summary>Every packet of ipv8-vectors.json built from its inputs byte for byte and parsed back field by field.</summary>
public sealed class PacketVectorTests
{
    public static IEnumerable<TestCaseData> Deterministic => Cases(Packets.Where(v => v.GetProperty("deterministic").GetBoolean()));

    public static IEnumerable<TestCaseData> DeterministicSigned
        => WithBackends(Packets.Where(v => v.GetProperty("deterministic").GetBoolean() && v.GetProperty("signed").GetBoolean()));

    public static IEnumerable<TestCaseData> All => Cases(AllPackets);

    public static IEnumerable<TestCaseData> AllSigned => WithBackends(AllPackets.Where(v => v.GetProperty("signed").GetBoolean()));

    private KeyFactory Keys { get; } = new(SignatureBackendKind.Auto);

    [TestCaseSource(nameof(Deterministic))]
    public void Build_VectorInputs_ReproduceSignedPartOrUnsignedPacket(string name)
    {
        var vector = Packet(name);
        var expected = vector.GetProperty("signed").GetBoolean() ? Hex(vector.GetProperty("signed_part_hex")) : PacketBytes(vector);
        var keyBin = Hex(Key(vector.GetProperty("inputs").GetProperty("sender_key").GetString()!).GetProperty("public_key_bin_hex"));

        var built = VectorPayloads.Build(vector, new HeaderAndPayloadBuilder(vector, keyBin));

        Assert.That(Convert.ToHexStringLower(built), Is.EqualTo(Convert.ToHexStringLower(expected)));
    }

    [TestCaseSource(nameof(DeterministicSigned))]
    public void Build_SignedVectorWithSenderKey_ReproducesPacketHex(string name, SignatureBackendKind backend)
    {
        var vector = Packet(name);
        var key = BackendCases.Factory(backend).ParsePrivateKey(
            Hex(Key(vector.GetProperty("inputs").GetProperty("sender_key").GetString()!).GetProperty("private_key_bin_hex")));

        var built = VectorPayloads.Build(vector, new SignedPacketBuilder(vector, key));

        Assert.Multiple(() =>
        {
            Assert.That(Convert.ToHexStringLower(built), Is.EqualTo(vector.GetProperty("packet_hex").GetString()));
            Assert.That(built, Has.Length.EqualTo(vector.GetProperty("length").GetInt32()));
        });
    }

    [TestCaseSource(nameof(All))]
    public void Parse_VectorPacket_DecodesEveryFieldPyIpv8Decoded(string name)
    {
        var vector = Packet(name);
        var packet = PacketBytes(vector);
        var expected = vector.GetProperty("decoded_by_py_ipv8");
        var hasGlobalTime = expected.TryGetProperty("global_time", out var expectedTime);
        var payloadClass = vector.GetProperty("payload_class").GetString()!;
        JsonObject? decoded;
        DropReason reason;
        ulong globalTime;

        if (vector.GetProperty("signed").GetBoolean())
        {
            Assert.That(SignedMessage.TryParse(packet, hasGlobalTime, Keys.TryParsePublicKey, out var message, out reason), Is.True, reason.ToString());
            decoded = VectorPayloads.Decode(payloadClass, message.Payload, out reason);
            globalTime = message.GlobalTime;
            using (Assert.EnterMultipleScope())
            {
                Assert.That(message.MessageId, Is.EqualTo(vector.GetProperty("msg_id").GetInt32()));
                Assert.That(Convert.ToHexStringLower(message.Prefix), Is.EqualTo(vector.GetProperty("inputs").GetProperty("prefix_hex").GetString()));
                Assert.That(Convert.ToHexStringLower(message.KeyBin), Is.EqualTo(expected.GetProperty("public_key_bin").GetString()));
                Assert.That(Convert.ToHexStringLower(message.SignedPart), Is.EqualTo(vector.GetProperty("signed_part_hex").GetString()));
                Assert.That(Convert.ToHexStringLower(message.Signature), Is.EqualTo(vector.GetProperty("signature_hex").GetString()));
            }
        }
        else
        {
            Assert.That(UnsignedMessage.TryParse(packet, out var message, out reason), Is.True, reason.ToString());
            decoded = VectorPayloads.Decode(payloadClass, message.Payload, out reason);
            globalTime = message.GlobalTime;
            Assert.That(message.MessageId, Is.EqualTo(vector.GetProperty("msg_id").GetInt32()));
        }

        Assert.That(decoded, Is.Not.Null, reason.ToString());
        Assert.Multiple(() =>
        {
            if (hasGlobalTime)
            {
                Assert.That(globalTime, Is.EqualTo(expectedTime.GetUInt64()));
            }

            foreach (var field in expected.GetProperty("payload").EnumerateObject())
            {
                var expectedNode = JsonNode.Parse(field.Value.GetRawText());
                Assert.That(decoded!.ContainsKey(field.Name), Is.True, $"{field.Name} not decoded");
                Assert.That(JsonEquivalence.AreEquivalent(expectedNode, decoded[field.Name]), Is.True,
                    $"{field.Name}: decoded {decoded[field.Name]?.ToJsonString()}, py-ipv8 {expectedNode?.ToJsonString()}");
            }
        });
    }

    [TestCaseSource(nameof(AllSigned))]
    public void Verify_SignedVectorPacket_SignatureIsValidAndTamperingIsNot(string name, SignatureBackendKind backend)
    {
        var factory = BackendCases.Factory(backend);
        var vector = Packet(name);
        var packet = PacketBytes(vector);
        var hasGlobalTime = vector.GetProperty("decoded_by_py_ipv8").TryGetProperty("global_time", out _);
        Assert.That(SignedMessage.TryParse(packet, hasGlobalTime, factory, out var message, out _), Is.True);
        Assert.That(message.Verify(), Is.True);

        packet[packet.Length - message.PublicKey.SignatureLength - 1] ^= 0x01;
        Assert.That(SignedMessage.TryParse(packet, hasGlobalTime, factory.TryParsePublicKey, out var tampered, out _), Is.True);
        Assert.That(tampered.Verify(), Is.False);
    }

    private static IEnumerable<TestCaseData> WithBackends(IEnumerable<JsonElement> vectors)
        => from v in vectors
           from kind in BackendCases.Kinds
           select new TestCaseData(Name(v), kind).SetName($"{{m}}({Name(v)}, {kind})");

    private static bool HasGlobalTime(JsonElement vector) => vector.GetProperty("decoded_by_py_ipv8").TryGetProperty("global_time", out _);

    private static byte[] Prefix(JsonElement vector) => Hex(vector.GetProperty("inputs").GetProperty("prefix_hex"));

    private static byte MessageId(JsonElement vector) => (byte)vector.GetProperty("msg_id").GetInt32();

    private static ulong GlobalTime(JsonElement vector) => vector.GetProperty("inputs").GetProperty("global_time").GetUInt64();

    /// <summary>Builds with the low-level header API: signed part (no signature) or the whole unsigned packet.</summary>
    private sealed class HeaderAndPayloadBuilder(JsonElement vector, byte[] keyBin) : VectorPayloads.IVisitor<byte[]>
    {
        public byte[] Visit<TPayload>(in TPayload payload)
            where TPayload : IPayload<TPayload>
        {
            Span<byte> buffer = stackalloc byte[1500];
            var writer = new PacketWriter(buffer);
            if (!vector.GetProperty("signed").GetBoolean())
            {
                MessageFraming.WriteUnsignedHeader(ref writer, Prefix(vector), MessageId(vector), GlobalTime(vector));
            }
            else if (HasGlobalTime(vector))
            {
                MessageFraming.WriteSignedHeader(ref writer, Prefix(vector), MessageId(vector), keyBin, GlobalTime(vector));
            }
            else
            {
                MessageFraming.WriteSignedHeader(ref writer, Prefix(vector), MessageId(vector), keyBin);
            }

            payload.Write(ref writer);
            return writer.Written.ToArray();
        }
    }

    /// <summary>Builds the whole signed packet with the one-call API.</summary>
    private sealed class SignedPacketBuilder(JsonElement vector, PrivateKey key) : VectorPayloads.IVisitor<byte[]>
    {
        public byte[] Visit<TPayload>(in TPayload payload)
            where TPayload : IPayload<TPayload>
        {
            var buffer = new byte[1500];
            var length = HasGlobalTime(vector)
                ? MessageFraming.WriteSigned(buffer, Prefix(vector), MessageId(vector), key, GlobalTime(vector), payload)
                : MessageFraming.WriteSignedWithoutGlobalTime(buffer, Prefix(vector), MessageId(vector), key, payload);
            return buffer[..length];
        }
    }
}
