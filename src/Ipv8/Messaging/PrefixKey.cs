using System.Buffers.Binary;

namespace Ipv8.Messaging;

/// <summary>
/// The 22-byte community prefix held inline as a value (two 64-bit words, one 32-bit and one 16-bit word),
/// so a prefix map lookup on the receive path neither allocates nor copies to the heap.
/// </summary>
internal readonly struct PrefixKey : IEquatable<PrefixKey>
{
    /// <summary>The prefix length: leading byte, version and 20-byte community id.</summary>
    public const int Length = 22;

    private readonly ulong _a;
    private readonly ulong _b;
    private readonly uint _c;
    private readonly ushort _d;

    private PrefixKey(ReadOnlySpan<byte> prefix)
    {
        _a = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        _b = BinaryPrimitives.ReadUInt64LittleEndian(prefix[8..]);
        _c = BinaryPrimitives.ReadUInt32LittleEndian(prefix[16..]);
        _d = BinaryPrimitives.ReadUInt16LittleEndian(prefix[20..]);
    }

    /// <summary>Reads the key from the first 22 bytes of <paramref name="data"/> (at least 22 bytes).</summary>
    public static PrefixKey From(ReadOnlySpan<byte> data) => new(data);

    /// <inheritdoc/>
    public bool Equals(PrefixKey other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PrefixKey other && Equals(other);

    /// <summary>Value equality.</summary>
    public static bool operator ==(PrefixKey left, PrefixKey right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(PrefixKey left, PrefixKey right) => !left.Equals(right);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        // The community id is random-looking; mixing the words is enough and cheaper than HashCode.Combine.
        var h = _a ^ (_b * 0x9E3779B97F4A7C15UL) ^ ((ulong)_c << 16) ^ _d;
        return (int)(h ^ (h >> 32));
    }
}
