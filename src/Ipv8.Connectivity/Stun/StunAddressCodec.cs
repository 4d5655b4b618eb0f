using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Ipv8.Connectivity.Stun;

/// <summary>
/// Encodes and decodes the address attributes (RFC 8489 §14.1, §14.2): 1 reserved byte, family
/// (0x01 IPv4, 0x02 IPv6), port, address; XOR-MAPPED-ADDRESS XORs the port with the cookie's top 16 bits and
/// the address with the cookie (IPv4) or cookie ‖ transaction id (IPv6). Decoding never throws.
/// </summary>
public static class StunAddressCodec
{
    private const byte FamilyIpv4 = 0x01;
    private const byte FamilyIpv6 = 0x02;

    /// <summary>Encodes an XOR-MAPPED-ADDRESS value for <paramref name="endPoint"/> in a message with <paramref name="transactionId"/>.</summary>
    /// <exception cref="ArgumentException">The address is neither IPv4 nor IPv6, or the transaction id is not 12 bytes.</exception>
    public static byte[] EncodeXorMapped(IPEndPoint endPoint, ReadOnlySpan<byte> transactionId)
    {
        var plain = EncodePlain(endPoint);
        ApplyXor(plain, transactionId);
        return plain;
    }

    /// <summary>Encodes a MAPPED-ADDRESS value (no XOR).</summary>
    /// <exception cref="ArgumentException">The address is neither IPv4 nor IPv6.</exception>
    public static byte[] EncodePlain(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var family = endPoint.AddressFamily switch
        {
            AddressFamily.InterNetwork => FamilyIpv4,
            AddressFamily.InterNetworkV6 => FamilyIpv6,
            _ => throw new ArgumentException($"STUN carries IPv4 and IPv6 addresses, not {endPoint.AddressFamily}.", nameof(endPoint)),
        };
        var addressBytes = endPoint.Address.GetAddressBytes();
        var value = new byte[4 + addressBytes.Length];
        value[1] = family;
        BinaryPrimitives.WriteUInt16BigEndian(value.AsSpan(2), (ushort)endPoint.Port);
        addressBytes.CopyTo(value, 4);
        return value;
    }

    /// <summary>Decodes an XOR-MAPPED-ADDRESS value; false with a reason when its family or length is wrong.</summary>
    public static bool TryDecodeXorMapped(ReadOnlySpan<byte> value, ReadOnlySpan<byte> transactionId, [NotNullWhen(true)] out IPEndPoint? endPoint, [NotNullWhen(false)] out string? error)
    {
        endPoint = null;
        if (transactionId.Length != StunMessage.TransactionIdLength)
        {
            error = "transaction id is not 12 bytes";
            return false;
        }

        Span<byte> copy = stackalloc byte[20];
        if (value.Length > copy.Length)
        {
            error = $"XOR-MAPPED-ADDRESS of {value.Length} bytes is too long";
            return false;
        }

        value.CopyTo(copy);
        copy = copy[..value.Length];
        if (!CheckShape(copy, out error))
            return false;
        ApplyXor(copy, transactionId);
        return TryDecodePlain(copy, out endPoint, out error);
    }

    /// <summary>Decodes a MAPPED-ADDRESS value; false with a reason when its family or length is wrong.</summary>
    public static bool TryDecodePlain(ReadOnlySpan<byte> value, [NotNullWhen(true)] out IPEndPoint? endPoint, [NotNullWhen(false)] out string? error)
    {
        endPoint = null;
        if (!CheckShape(value, out error))
            return false;
        var port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]);
        endPoint = new IPEndPoint(new IPAddress(value[4..]), port);
        return true;
    }

    private static bool CheckShape(ReadOnlySpan<byte> value, [NotNullWhen(false)] out string? error)
    {
        if (value.Length < 4)
        {
            error = $"address attribute of {value.Length} bytes is shorter than 4";
            return false;
        }

        var expected = value[1] switch
        {
            FamilyIpv4 => 8,
            FamilyIpv6 => 20,
            _ => -1,
        };
        if (expected < 0)
        {
            error = $"unknown address family 0x{value[1]:x2}";
            return false;
        }

        if (value.Length != expected)
        {
            error = $"address attribute of family 0x{value[1]:x2} is {value.Length} bytes, not {expected}";
            return false;
        }

        error = null;
        return true;
    }

    private static void ApplyXor(Span<byte> value, ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != StunMessage.TransactionIdLength)
            throw new ArgumentException("A STUN transaction id is 12 bytes.", nameof(transactionId));
        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunMessage.MagicCookie);
        transactionId.CopyTo(mask[4..]);
        value[2] ^= mask[0];
        value[3] ^= mask[1];
        for (var i = 4; i < value.Length; i++)
            value[i] ^= mask[i - 4];
    }
}
