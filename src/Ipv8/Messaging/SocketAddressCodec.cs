using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Ipv8.Messaging;

/// <summary>
/// Converts between <see cref="UdpAddress"/> and a raw <see cref="SocketAddress"/> without allocating.
/// The port and address offsets of <c>sockaddr_in</c> (port 2, address 4) and <c>sockaddr_in6</c>
/// (port 2, address 8) are the same on every platform .NET supports; the family is read through
/// <see cref="SocketAddress.Family"/>, which knows the platform's layout.
/// </summary>
internal static class SocketAddressCodec
{
    /// <summary>Reads an IPv4 or IPv6 socket address; IPv4-mapped IPv6 addresses become IPv4.</summary>
    public static bool TryRead(SocketAddress address, out UdpAddress result)
    {
        var bytes = address.Buffer.Span;
        switch (address.Family)
        {
            case AddressFamily.InterNetwork when address.Size >= 8:
                result = UdpAddress.FromIPv4(
                    BinaryPrimitives.ReadUInt32BigEndian(bytes[4..8]), BinaryPrimitives.ReadUInt16BigEndian(bytes[2..4]));
                return true;
            case AddressFamily.InterNetworkV6 when address.Size >= 24:
                var port = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..4]);
                var ip = bytes[8..24];
                if (BinaryPrimitives.ReadUInt64BigEndian(ip) == 0 && BinaryPrimitives.ReadUInt32BigEndian(ip[8..]) == 0xFFFF)
                {
                    result = UdpAddress.FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(ip[12..]), port);
                }
                else
                {
                    result = UdpAddress.FromIPv6(ip, port);
                }

                return true;
            default:
                result = default;
                return false;
        }
    }

    /// <summary>Writes <paramref name="value"/> into <paramref name="address"/>, whose family must match.</summary>
    public static void Write(UdpAddress value, SocketAddress address)
    {
        var bytes = address.Buffer.Span;
        BinaryPrimitives.WriteUInt16BigEndian(bytes[2..4], value.Port);
        if (value.IsIPv6)
        {
            bytes[4..8].Clear();
            value.WriteIPv6Bytes(bytes[8..24]);
            bytes[24..28].Clear();
        }
        else
        {
            value.WriteIPv4Bytes(bytes[4..8]);
        }
    }
}
