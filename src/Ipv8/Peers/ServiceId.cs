using System.Buffers.Binary;

namespace Ipv8.Peers;

/// <summary>
/// A 20-byte community (service) id held inline, so it hashes and compares without allocating; used as a key
/// in <see cref="Network"/>'s service tables.
/// </summary>
public readonly struct ServiceId : IEquatable<ServiceId>
{
    /// <summary>The length of a service id in bytes.</summary>
    public const int Length = 20;

    private readonly ulong _a;
    private readonly ulong _b;
    private readonly uint _c;

    private ServiceId(ulong a, ulong b, uint c)
    {
        _a = a;
        _b = b;
        _c = c;
    }

    /// <summary>Creates a service id from exactly 20 bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 20 bytes long.</exception>
    public static ServiceId From(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException("A service id has 20 bytes.", nameof(bytes));
        }

        return new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]), BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]));
    }

    /// <summary>Writes the 20 bytes into <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], _c);
    }

    /// <summary>Returns the 20 bytes as a new array.</summary>
    public byte[] ToArray()
    {
        var result = new byte[Length];
        WriteTo(result);
        return result;
    }

    /// <inheritdoc/>
    public bool Equals(ServiceId other) => _a == other._a && _b == other._b && _c == other._c;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ServiceId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_a, _b, _c);

    /// <summary>Value equality.</summary>
    public static bool operator ==(ServiceId left, ServiceId right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(ServiceId left, ServiceId right) => !left.Equals(right);

    /// <summary>Formats as 40 lowercase hex characters.</summary>
    public override string ToString() => Convert.ToHexStringLower(ToArray());
}
