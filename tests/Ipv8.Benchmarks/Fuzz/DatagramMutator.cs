using System.Buffers.Binary;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;

namespace Ipv8.Benchmarks.Fuzz;

/// <summary>
/// Seeded hostile datagrams for the fuzz benchmark: mutations of the py-ipv8 vectors and of freshly signed valid
/// messages (truncations, bit flips, length-field inflation, random garbage, unknown ids, wrong prefixes), plus the
/// valid messages themselves.
/// </summary>
internal sealed class DatagramMutator(Random random, IReadOnlyList<byte[]> vectors, IReadOnlyList<byte[]> prefixes, IReadOnlyList<PrivateKey> signers)
{
    public static readonly string[] Kinds =
        ["vector", "valid", "truncate", "bit_flip", "length_inflation", "garbage", "unknown_id", "wrong_prefix", "prefix_garbage", "extend"];

    private readonly byte[] _buffer = new byte[2048];

    /// <summary>Returns the next datagram and the index of its kind in <see cref="Kinds"/>.</summary>
    public byte[] Next(out int kind)
    {
        kind = random.Next(100) switch
        {
            < 4 => 0,
            < 16 => 1,
            < 30 => 2,
            < 48 => 3,
            < 58 => 4,
            < 66 => 5,
            < 76 => 6,
            < 84 => 7,
            < 92 => 8,
            _ => 9,
        };
        var source = random.Next(3) == 0 ? Valid() : vectors[random.Next(vectors.Count)];
        return kind switch
        {
            0 => source,
            1 => Valid(),
            2 => source[..random.Next(source.Length)],
            3 => BitFlips(source),
            4 => Inflate(source),
            5 => Garbage(random.Next(600)),
            6 => WithId(source, (byte)random.Next(256)),
            7 => WrongPrefix(source),
            8 => [.. prefixes[random.Next(prefixes.Count)], .. Garbage(random.Next(400))],
            _ => [.. source, .. Garbage(1 + random.Next(100))],
        };
    }

    /// <summary>A random source: documentation-range IPv4 hosts (many ports), 2001:db8::/32 IPv6 hosts, or 0.0.0.0:0.</summary>
    public UdpAddress Address()
    {
        var roll = random.Next(20);
        if (roll == 0)
        {
            return UdpAddress.Zero;
        }

        if (roll == 1)
        {
            Span<byte> v6 = stackalloc byte[16];
            random.NextBytes(v6);
            BinaryPrimitives.WriteUInt32BigEndian(v6, 0x2001_0db8);
            return UdpAddress.FromIPv6(v6, (ushort)random.Next(1, 65_536));
        }

        uint[] ranges = [0xC000_0200u, 0xC633_6400u, 0xCB00_7100u];
        return UdpAddress.FromIPv4(ranges[random.Next(3)] + (uint)random.Next(1, 255), (ushort)random.Next(1024, 65_536));
    }

    private UdpAddress IPv4() => UdpAddress.FromIPv4(0xC633_6400u + (uint)random.Next(1, 255), (ushort)random.Next(1024, 65_536));

    private byte[] Valid()
    {
        var prefix = prefixes[random.Next(prefixes.Count)];
        var key = signers[random.Next(signers.Count)];
        var id = (ushort)random.Next(65_536);
        var time = (ulong)random.Next(1, int.MaxValue);
        int length;
        switch (random.Next(5))
        {
            case 0:
            case 1:
                var request = new IntroductionRequestPayload(IPv4(), IPv4(), IPv4(), true, ConnectionType.Unknown, id);
                length = MessageFraming.WriteSigned(_buffer, prefix, IntroductionRequestPayload.MessageId, key, time, in request);
                break;
            case 2:
                var response = new IntroductionResponsePayload(IPv4(), IPv4(), IPv4(), IPv4(), IPv4(), ConnectionType.Unknown, id);
                length = MessageFraming.WriteSigned(_buffer, prefix, IntroductionResponsePayload.MessageId, key, time, in response);
                break;
            case 3:
                var puncture = new PuncturePayload(IPv4(), IPv4(), id);
                length = MessageFraming.WriteSigned(_buffer, prefix, PuncturePayload.MessageId, key, time, in puncture);
                break;
            default:
                var punctureRequest = new PunctureRequestPayload(IPv4(), IPv4(), id);
                length = MessageFraming.WriteUnsigned(_buffer, prefix, PunctureRequestPayload.MessageId, time, in punctureRequest);
                break;
        }

        return _buffer[..length];
    }

    private byte[] Garbage(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private byte[] BitFlips(byte[] source)
    {
        var copy = source.ToArray();
        for (var n = 1 + random.Next(6); n > 0 && copy.Length > 0; n--)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    private byte[] Inflate(byte[] source)
    {
        var copy = source.ToArray();
        if (copy.Length < CommunityPrefix.HeaderLength + 4)
        {
            return copy;
        }

        // The key-length field right after the header, or any 2/4 bytes of the body (varlenH / varlenI fields).
        var at = random.Next(2) == 0 ? CommunityPrefix.HeaderLength : CommunityPrefix.HeaderLength + random.Next(copy.Length - CommunityPrefix.HeaderLength - 4);
        if (random.Next(2) == 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(at), (ushort)random.Next(copy.Length, 65_536));
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(at), (uint)random.NextInt64(copy.Length, uint.MaxValue));
        }

        return copy;
    }

    private static byte[] WithId(byte[] source, byte id)
    {
        if (source.Length <= CommunityPrefix.Length)
        {
            return source;
        }

        var copy = source.ToArray();
        copy[CommunityPrefix.Length] = id;
        return copy;
    }

    private byte[] WrongPrefix(byte[] source)
    {
        var copy = source.ToArray();
        if (copy.Length > 0)
        {
            copy[random.Next(Math.Min(copy.Length, CommunityPrefix.Length))] ^= (byte)(1 + random.Next(255));
        }

        return copy;
    }
}
