using System.Text.Json;
using System.Text.Json.Nodes;
using Ipv8.Messaging;
using static Ipv8.Tests.Messaging.InteropVectors;

namespace Ipv8.Tests.Messaging;

/// <summary>The serializer_primitives of ipv8-vectors.json: every format code written to py-ipv8's bytes and read back to its value.</summary>
public sealed class SerializerPrimitiveTests
{
    public static IEnumerable<TestCaseData> PrimitiveCases
        => Primitives.Select((p, i) => new TestCaseData(i).SetName($"{{m}}({p.GetProperty("format").GetString()} #{i})"));

    [TestCaseSource(nameof(PrimitiveCases))]
    public void Write_PrimitiveValue_ProducesPyIpv8Bytes(int index)
    {
        var primitive = Primitives.ElementAt(index);
        Span<byte> buffer = stackalloc byte[256];
        var writer = new PacketWriter(buffer);

        Write(ref writer, primitive.GetProperty("format").GetString()!, primitive.GetProperty("value"));

        Assert.That(Convert.ToHexStringLower(writer.Written), Is.EqualTo(primitive.GetProperty("hex").GetString()));
    }

    [TestCaseSource(nameof(PrimitiveCases))]
    public void Read_PrimitiveBytes_UnpacksPyIpv8ValueAndConsumesAll(int index)
    {
        var primitive = Primitives.ElementAt(index);
        var reader = new PacketReader(Hex(primitive.GetProperty("hex")));

        var ok = TryRead(ref reader, primitive.GetProperty("format").GetString()!, out var unpacked);

        var expected = JsonNode.Parse(primitive.GetProperty("unpacked").GetRawText());
        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.True);
            Assert.That(JsonEquivalence.AreEquivalent(expected, unpacked), Is.True, $"unpacked {unpacked?.ToJsonString()}, expected {expected?.ToJsonString()}");
        });
        Assert.That(reader.IsAtEnd, Is.True);
    }

    private static void Write(ref PacketWriter w, string format, JsonElement v)
    {
        switch (format)
        {
            case "B": w.WriteByte(v.GetByte()); break;
            case "?": w.WriteBool(v.GetBoolean()); break;
            case "H": w.WriteUInt16(v.GetUInt16()); break;
            case "I": w.WriteUInt32(v.GetUInt32()); break;
            case "Q": w.WriteUInt64(v.GetUInt64()); break;
            case "q": w.WriteInt64(v.GetInt64()); break;
            case "d": w.WriteDouble(v.GetDouble()); break;
            case "20s": w.WriteFixed(Hex(v), 20); break;
            case "c20s": w.WriteC20s(Hex(v[0])[0], Hex(v[1])); break;
            case "bits":
                var b = v.EnumerateArray().Select(e => e.GetInt32() != 0).ToArray();
                w.WriteBits(b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]);
                break;
            case "varlenH": w.WriteVarLenH(Hex(v)); break;
            case "varlenI": w.WriteVarLenI(Hex(v)); break;
            case "varlenHutf8": w.WriteVarLenHUtf8(v.GetString()); break;
            case "varlenHx20": w.WriteVarLenHx20(Hex(v)); break;
            case "varlenBx2": w.WriteVarLenBx2(Hex(v)); break;
            case "varlenH-list": w.WriteVarLenHList([.. v.EnumerateArray().Select(e => (ReadOnlyMemory<byte>)Hex(e))]); break;
            case "arrayH-q": w.WriteArrayHInt64([.. v.EnumerateArray().Select(e => e.GetInt64())]); break;
            case "arrayH-?": w.WriteArrayHBool([.. v.EnumerateArray().Select(e => e.GetBoolean())]); break;
            case "arrayH-d": w.WriteArrayHDouble([.. v.EnumerateArray().Select(e => e.GetDouble())]); break;
            case "ipv4": w.WriteIPv4Address(Address(v)); break;
            case "ip_address": w.WriteIpAddress(Address(v)); break;
            case "address": w.WriteAddress(HostAddress.FromHost(v.GetProperty("host").GetString()!, v.GetProperty("port").GetUInt16())); break;
            case "raw": w.WriteBytes(Hex(v)); break;
            case "payload": w.WritePayload(new Int64Payload(v.GetProperty("value").GetInt64())); break;
            case "payload-list": w.WritePayloadList<Int64Payload>([.. v.EnumerateArray().Select(e => new Int64Payload(e.GetProperty("value").GetInt64()))]); break;
            default: throw new InvalidOperationException($"No writer for {format}.");
        }
    }

    private static bool TryRead(ref PacketReader r, string format, out JsonNode? value)
    {
        value = null;
        bool ok;
        switch (format)
        {
            case "B": ok = r.TryReadByte(out var b); value = b; break;
            case "?": ok = r.TryReadBool(out var flag); value = flag; break;
            case "H": ok = r.TryReadUInt16(out var h); value = h; break;
            case "I": ok = r.TryReadUInt32(out var i); value = i; break;
            case "Q": ok = r.TryReadUInt64(out var q); value = q; break;
            case "q": ok = r.TryReadInt64(out var sq); value = sq; break;
            case "d": ok = r.TryReadDouble(out var d); value = d; break;
            case "20s": ok = r.TryReadBytes(20, out var s20); value = Convert.ToHexStringLower(s20); break;
            case "c20s":
                ok = r.TryReadC20s(out var c, out var twenty);
                value = new JsonArray(Convert.ToHexStringLower([c]), Convert.ToHexStringLower(twenty));
                break;
            case "bits":
                ok = r.TryReadBits(out var bits);
                value = new JsonArray([.. Enumerable.Range(0, 8).Select(n => (JsonNode?)(BitFlags.Get(bits, n) ? 1 : 0))]);
                break;
            case "varlenH": ok = r.TryReadVarLenH(out var vh); value = Convert.ToHexStringLower(vh); break;
            case "varlenI": ok = r.TryReadVarLenI(out var vi); value = Convert.ToHexStringLower(vi); break;
            case "varlenHutf8": ok = r.TryReadVarLenHUtf8(out var text); value = text; break;
            case "varlenHx20": ok = r.TryReadVarLenHx20(out var x20); value = Convert.ToHexStringLower(x20); break;
            case "varlenBx2": ok = r.TryReadVarLenBx2(out var bx2); value = Convert.ToHexStringLower(bx2); break;
            case "varlenH-list":
                ok = r.TryReadVarLenHList(out var items);
                value = new JsonArray([.. items.Select(m => (JsonNode?)Convert.ToHexStringLower(m.Span))]);
                break;
            case "arrayH-q": ok = r.TryReadArrayHInt64(out var longs); value = new JsonArray([.. longs.Select(n => (JsonNode?)n)]); break;
            case "arrayH-?": ok = r.TryReadArrayHBool(out var bools); value = new JsonArray([.. bools.Select(n => (JsonNode?)n)]); break;
            case "arrayH-d": ok = r.TryReadArrayHDouble(out var doubles); value = new JsonArray([.. doubles.Select(n => (JsonNode?)n)]); break;
            case "ipv4": ok = r.TryReadIPv4Address(out var v4); value = VectorPayloads.Json(v4); break;
            case "ip_address": ok = r.TryReadIpAddress(out var ip); value = VectorPayloads.Json(ip); break;
            case "address":
                ok = r.TryReadAddress(out var host);
                value = new JsonObject { ["host"] = host.HostName, ["port"] = host.Port };
                break;
            case "raw": value = Convert.ToHexStringLower(r.ReadRest()); ok = true; break;
            case "payload": ok = r.TryReadPayload<Int64Payload>(out var nested); value = nested.Value; break;
            case "payload-list":
                ok = r.TryReadPayloadList<Int64Payload>(out var list);
                value = new JsonArray([.. list.Select(p => (JsonNode?)p.Value)]);
                break;
            default: throw new InvalidOperationException($"No reader for {format}.");
        }

        return ok;
    }
}
