using System.Buffers.Binary;

namespace Ipv8.Tracker;

/// <summary>A 22-byte community prefix (version and service id) held inline, as a dictionary key.</summary>
internal readonly record struct PrefixKey(ulong A, ulong B, ulong C)
{
    public static PrefixKey From(ReadOnlySpan<byte> prefix)
    {
        Span<byte> tail = stackalloc byte[8];
        prefix[16..22].CopyTo(tail);
        return new PrefixKey(
            BinaryPrimitives.ReadUInt64BigEndian(prefix),
            BinaryPrimitives.ReadUInt64BigEndian(prefix[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(tail));
    }
}
