using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Ipv8.Messaging;

/// <summary>
/// An (IP, port) pair with value equality, as py-ipv8 compares addresses: two addresses are equal when
/// their IP and port are equal, whatever slot or type they came from. IPv4 and IPv6 are both held inline
/// (no allocation), so the type is cheap to hash and to use as a dictionary key on the receive path.
/// </summary>
/// <remarks>
/// <c>default(UdpAddress)</c> is <c>0.0.0.0:0</c>, py-ipv8's "no address". IPv4-mapped IPv6 addresses
/// (<c>::ffff:a.b.c.d</c>) are normalised to IPv4 by <see cref="FromEndPoint"/>.
/// </remarks>
public readonly struct UdpAddress : IEquatable<UdpAddress>, ISpanFormattable
{
    // IPv4: the address in the low 32 bits of _low (network order read as big-endian), _high = 0.
    // IPv6: the 16 bytes read as two big-endian 64-bit halves.
    private readonly ulong _high;
    private readonly ulong _low;
    private readonly ushort _port;
    private readonly bool _isIPv6;

    private UdpAddress(ulong high, ulong low, ushort port, bool isIPv6)
    {
        _high = high;
        _low = low;
        _port = port;
        _isIPv6 = isIPv6;
    }

    /// <summary>Gets <c>0.0.0.0:0</c>, the address py-ipv8 uses for "none".</summary>
    public static UdpAddress Zero => default;

    /// <summary>Gets the UDP port.</summary>
    public ushort Port => _port;

    /// <summary>Gets a value indicating whether this is an IPv6 address.</summary>
    public bool IsIPv6 => _isIPv6;

    /// <summary>Gets a value indicating whether this is an IPv4 address.</summary>
    public bool IsIPv4 => !_isIPv6;

    /// <summary>Gets a value indicating whether this is <c>0.0.0.0:0</c>.</summary>
    public bool IsZero => !_isIPv6 && _low == 0 && _port == 0;

    /// <summary>Gets the IPv4 address as a 32-bit value in network order (first octet most significant).</summary>
    /// <exception cref="InvalidOperationException">The address is IPv6.</exception>
    public uint IPv4Value => _isIPv6 ? throw new InvalidOperationException("Not an IPv4 address.") : (uint)_low;

    /// <summary>Gets the address family.</summary>
    public AddressFamily Family => _isIPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

    /// <summary>Creates an IPv4 address from its 32-bit network-order value.</summary>
    public static UdpAddress FromIPv4(uint address, ushort port) => new(0, address, port, false);

    /// <summary>Creates an IPv4 address from its four octets.</summary>
    /// <exception cref="ArgumentException"><paramref name="octets"/> is not 4 bytes long.</exception>
    public static UdpAddress FromIPv4(ReadOnlySpan<byte> octets, ushort port)
    {
        if (octets.Length != 4)
        {
            throw new ArgumentException("An IPv4 address has 4 bytes.", nameof(octets));
        }

        return new(0, BinaryPrimitives.ReadUInt32BigEndian(octets), port, false);
    }

    /// <summary>Creates an IPv6 address from its sixteen bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 16 bytes long.</exception>
    public static UdpAddress FromIPv6(ReadOnlySpan<byte> bytes, ushort port)
    {
        if (bytes.Length != 16)
        {
            throw new ArgumentException("An IPv6 address has 16 bytes.", nameof(bytes));
        }

        return new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]), port, true);
    }

    /// <summary>Creates an address from an <see cref="IPAddress"/> and a port.</summary>
    public static UdpAddress From(IPAddress address, int port)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, ushort.MaxValue);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        return written == 4
            ? FromIPv4(bytes[..4], (ushort)port)
            : FromIPv6(bytes, (ushort)port);
    }

    /// <summary>Creates an address from an <see cref="IPEndPoint"/>.</summary>
    public static UdpAddress FromEndPoint(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return From(endPoint.Address, endPoint.Port);
    }

    /// <summary>Parses <c>1.2.3.4:5</c>, <c>[2001:db8::1]:5</c> (or an IP and a separate port).</summary>
    /// <exception cref="FormatException">The text is not an IP address with a port.</exception>
    public static UdpAddress Parse(string text)
        => TryParse(text, out var address) ? address : throw new FormatException($"'{text}' is not an 'ip:port' address.");

    /// <summary>Parses an IP address text and a port.</summary>
    /// <exception cref="FormatException">The text is not an IP address.</exception>
    public static UdpAddress Parse(string ip, int port)
        => IPAddress.TryParse(ip, out var address) ? From(address, port) : throw new FormatException($"'{ip}' is not an IP address.");

    /// <summary>Tries to parse <c>1.2.3.4:5</c> or <c>[2001:db8::1]:5</c>.</summary>
    public static bool TryParse(string? text, out UdpAddress address)
    {
        address = default;
        if (string.IsNullOrWhiteSpace(text) || !IPEndPoint.TryParse(text, out var endPoint))
        {
            return false;
        }

        // IPEndPoint.TryParse accepts a bare IP with port 0; require an explicit port.
        if (endPoint.Port == 0 && !text.EndsWith(":0", StringComparison.Ordinal))
        {
            return false;
        }

        address = FromEndPoint(endPoint);
        return true;
    }

    /// <summary>Writes the 4 IPv4 octets.</summary>
    /// <exception cref="InvalidOperationException">The address is IPv6.</exception>
    public void WriteIPv4Bytes(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, IPv4Value);

    /// <summary>Writes the 16 IPv6 bytes.</summary>
    /// <exception cref="InvalidOperationException">The address is IPv4.</exception>
    public void WriteIPv6Bytes(Span<byte> destination)
    {
        if (!_isIPv6)
        {
            throw new InvalidOperationException("Not an IPv6 address.");
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
    }

    /// <summary>Returns the same IP with another port.</summary>
    public UdpAddress WithPort(ushort port) => new(_high, _low, port, _isIPv6);

    /// <summary>Returns true when both addresses have the same IP (ports may differ).</summary>
    public bool HasSameIp(UdpAddress other) => _isIPv6 == other._isIPv6 && _high == other._high && _low == other._low;

    /// <summary>Converts to an <see cref="IPAddress"/> (allocates).</summary>
    public IPAddress ToIPAddress()
    {
        if (!_isIPv6)
        {
            return new IPAddress(BinaryPrimitives.ReverseEndianness((uint)_low) & 0xFFFFFFFFL);
        }

        Span<byte> bytes = stackalloc byte[16];
        WriteIPv6Bytes(bytes);
        return new IPAddress(bytes);
    }

    /// <summary>Converts to an <see cref="IPEndPoint"/> (allocates).</summary>
    public IPEndPoint ToEndPoint() => new(ToIPAddress(), _port);

    /// <inheritdoc/>
    public bool Equals(UdpAddress other)
        => _low == other._low && _high == other._high && _port == other._port && _isIPv6 == other._isIPv6;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is UdpAddress other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_high, _low, _port, _isIPv6);

    /// <summary>Value equality.</summary>
    public static bool operator ==(UdpAddress left, UdpAddress right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(UdpAddress left, UdpAddress right) => !left.Equals(right);

    /// <summary>Formats as <c>ip:port</c> (IPv6 in brackets, compressed lowercase form).</summary>
    public override string ToString() => ToString(null, CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        Span<char> buffer = stackalloc char[64];
        return TryFormat(buffer, out var written, format, formatProvider) ? new string(buffer[..written]) : ToEndPoint().ToString();
    }

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        charsWritten = 0;
        if (!_isIPv6)
        {
            var v = (uint)_low;
            return destination.TryWrite(CultureInfo.InvariantCulture, $"{v >> 24}.{(v >> 16) & 0xFF}.{(v >> 8) & 0xFF}.{v & 0xFF}:{_port}", out charsWritten);
        }

        var ip = ToIPAddress();
        if (destination.Length < 1 || !ip.TryFormat(destination[1..], out var ipLength))
        {
            return false;
        }

        destination[0] = '[';
        var rest = destination[(1 + ipLength)..];
        if (!rest.TryWrite(CultureInfo.InvariantCulture, $"]:{_port}", out var tail))
        {
            return false;
        }

        charsWritten = 1 + ipLength + tail;
        return true;
    }
}
