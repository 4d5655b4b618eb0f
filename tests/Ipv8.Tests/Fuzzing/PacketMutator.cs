using System.Buffers.Binary;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;

namespace Ipv8.Tests.Fuzzing;

/// <summary>
/// Derives hostile datagrams from the py-ipv8 vectors with a seeded <see cref="Random"/>: byte flips, truncations,
/// extensions, splices, huge length fields, random message ids, right prefixes with garbage bodies, and packets
/// re-signed with real keys around garbage or random-but-well-formed payloads.
/// </summary>
internal sealed class PacketMutator(Random random, IReadOnlyList<byte[]> vectors, IReadOnlyList<byte[]> prefixes, IReadOnlyList<PrivateKey> signers)
{
    private static readonly byte[] SignedIds = [246, 234, 245, 233, 249, 231, 1, 2, 42];
    private static readonly (MutationKind Kind, int Weight)[] Weights =
    [
        (MutationKind.Original, 2), (MutationKind.FlipBytes, 20), (MutationKind.Truncate, 12), (MutationKind.Extend, 8),
        (MutationKind.Splice, 10), (MutationKind.HugeLength, 8), (MutationKind.RandomMessageId, 10),
        (MutationKind.PrefixWithGarbage, 10), (MutationKind.ResignedGarbage, 6), (MutationKind.ResignedStructured, 6),
        (MutationKind.UnsignedStructured, 4), (MutationKind.PureGarbage, 4),
    ];

    private readonly byte[] _buffer = new byte[2048];

    public byte[] Next(out MutationKind kind)
    {
        kind = PickKind();
        var vector = vectors[random.Next(vectors.Count)];
        return kind switch
        {
            MutationKind.Original => vector,
            MutationKind.FlipBytes => FlipBytes(vector),
            MutationKind.Truncate => vector[..random.Next(vector.Length)],
            MutationKind.Extend => [.. vector, .. Garbage(1 + random.Next(64))],
            MutationKind.Splice => Splice(vector, vectors[random.Next(vectors.Count)]),
            MutationKind.HugeLength => HugeLength(vector),
            MutationKind.RandomMessageId => WithMessageId(vector),
            MutationKind.PrefixWithGarbage => [.. Prefix(), .. Garbage(random.Next(300))],
            MutationKind.ResignedGarbage => Resigned(new RawPayload(Garbage(random.Next(200))), SignedIds[random.Next(SignedIds.Length)]),
            MutationKind.ResignedStructured => ResignedStructured(),
            MutationKind.UnsignedStructured => UnsignedStructured(),
            _ => Garbage(random.Next(400)),
        };
    }

    public UdpAddress RandomAddress()
    {
        var roll = random.Next(10);
        if (roll == 0)
        {
            return UdpAddress.Zero;
        }

        if (roll == 1)
        {
            var v6 = new byte[16];
            random.NextBytes(v6);
            v6[0] = 0x20;
            v6[1] = 0x01;
            v6[2] = 0x0d;
            v6[3] = 0xb8;
            return UdpAddress.FromIPv6(v6, (ushort)random.Next(1, 65536));
        }

        // 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 (documentation ranges), generated from integers.
        uint[] ranges = [0xC000_0200u, 0xC633_6400u, 0xCB00_7100u];
        return UdpAddress.FromIPv4(ranges[random.Next(3)] + (uint)random.Next(256), (ushort)(8000 + random.Next(4)));
    }

    /// <summary>Like <see cref="RandomAddress"/> but IPv4 only (the old formats cannot carry IPv6).</summary>
    public UdpAddress RandomIPv4Address()
    {
        var address = RandomAddress();
        return address.IsIPv6 ? UdpAddress.Zero : address;
    }

    private MutationKind PickKind()
    {
        var roll = random.Next(100);
        foreach (var (kind, weight) in Weights)
        {
            if ((roll -= weight) < 0)
            {
                return kind;
            }
        }

        return MutationKind.PureGarbage;
    }

    private byte[] Garbage(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private byte[] Prefix() => prefixes[random.Next(prefixes.Count)];

    private byte[] FlipBytes(byte[] vector)
    {
        var copy = vector.ToArray();
        for (var flips = 1 + random.Next(4); flips > 0; flips--)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 + random.Next(255));
        }

        return copy;
    }

    private byte[] Splice(byte[] head, byte[] tail)
    {
        var cut = random.Next(head.Length + 1);
        var from = random.Next(tail.Length + 1);
        return [.. head.AsSpan(0, cut), .. tail.AsSpan(from)];
    }

    private byte[] HugeLength(byte[] vector)
    {
        var copy = vector.ToArray();
        if (copy.Length < 27)
        {
            return copy;
        }

        // The key-length field of signed messages, or any two/four bytes (varlenH / varlenI fields of payloads).
        var at = random.Next(2) == 0 ? CommunityPrefix.HeaderLength : CommunityPrefix.HeaderLength + random.Next(copy.Length - 27);
        if (random.Next(2) == 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(at), (ushort)(0x8000 + random.Next(0x8000)));
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(at), 0xFFFF_FFF0u + (uint)random.Next(16));
        }

        return copy;
    }

    private byte[] WithMessageId(byte[] vector)
    {
        var copy = vector.Length > CommunityPrefix.Length ? vector.ToArray() : [.. Prefix(), 0];
        copy[CommunityPrefix.Length] = (byte)random.Next(256);
        return copy;
    }

    private PrivateKey Signer() => signers[random.Next(signers.Count)];

    private byte[] Resigned<TPayload>(in TPayload payload, byte messageId)
        where TPayload : IPayload<TPayload>
    {
        var length = MessageFraming.WriteSigned(_buffer, Prefix(), messageId, Signer(), (ulong)random.NextInt64(1, long.MaxValue), in payload);
        return _buffer[..length];
    }

    private byte[] ResignedStructured()
    {
        var id = (ushort)random.Next(65536);
        var newStyle = random.Next(2) == 0;
        return random.Next(6) switch
        {
            0 => Resigned(new IntroductionRequestPayload(RandomIPv4Address(), RandomIPv4Address(), RandomIPv4Address(), newStyle, ConnectionType.Unknown, id, SupportsNewStyle: newStyle), IntroductionRequestPayload.MessageId),
            1 => Resigned(new NewIntroductionRequestPayload(RandomAddress(), RandomAddress(), RandomAddress(), id), NewIntroductionRequestPayload.MessageId),
            2 => Resigned(new IntroductionResponsePayload(RandomIPv4Address(), RandomIPv4Address(), RandomIPv4Address(), RandomIPv4Address(), RandomIPv4Address(), ConnectionType.Unknown, id, newStyle, !newStyle), IntroductionResponsePayload.MessageId),
            3 => Resigned(new NewIntroductionResponsePayload(RandomAddress(), RandomAddress(), RandomAddress(), RandomAddress(), RandomAddress(), id), NewIntroductionResponsePayload.MessageId),
            4 => Resigned(new PuncturePayload(RandomIPv4Address(), RandomIPv4Address(), id), PuncturePayload.MessageId),
            _ => Resigned(new NewPuncturePayload(RandomAddress(), RandomAddress(), id), NewPuncturePayload.MessageId),
        };
    }

    private byte[] UnsignedStructured()
    {
        var globalTime = (ulong)random.NextInt64(long.MaxValue);
        var id = (ushort)random.Next(65536);
        var length = random.Next(2) == 0
            ? MessageFraming.WriteUnsigned(_buffer, Prefix(), PunctureRequestPayload.MessageId, globalTime, new PunctureRequestPayload(RandomIPv4Address(), RandomIPv4Address(), id))
            : MessageFraming.WriteUnsigned(_buffer, Prefix(), NewPunctureRequestPayload.MessageId, globalTime, new NewPunctureRequestPayload(RandomAddress(), RandomAddress(), id));
        return _buffer[..length];
    }
}
