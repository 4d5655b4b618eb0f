using System.Text;

namespace Ipv8.Messaging;

/// <summary>Address format codes of <see cref="PacketWriter"/>.</summary>
public ref partial struct PacketWriter
{
    /// <summary>Type byte of an IPv4 <c>ip_address</c>/<c>address</c>.</summary>
    internal const byte AddressTypeIPv4 = 0x01;

    /// <summary>Type byte of a host-name <c>address</c>.</summary>
    internal const byte AddressTypeHost = 0x02;

    /// <summary>Type byte of an IPv6 <c>ip_address</c>/<c>address</c>.</summary>
    internal const byte AddressTypeIPv6 = 0x03;

    /// <summary>Writes an <c>ipv4</c> field: 4 address bytes then the u16 port (6 bytes).</summary>
    /// <exception cref="ArgumentException"><paramref name="address"/> is IPv6 (py-ipv8 cannot pack it either).</exception>
    public void WriteIPv4Address(UdpAddress address)
    {
        if (address.IsIPv6)
        {
            throw new ArgumentException($"An 'ipv4' field cannot hold the IPv6 address {address}.", nameof(address));
        }

        var span = Advance(6);
        address.WriteIPv4Bytes(span);
        span[4] = (byte)(address.Port >> 8);
        span[5] = (byte)address.Port;
    }

    /// <summary>Writes an <c>ip_address</c> field: type 0x01 + 4 bytes or 0x03 + 16 bytes, then the u16 port.</summary>
    public void WriteIpAddress(UdpAddress address)
    {
        if (address.IsIPv6)
        {
            var span = Advance(19);
            span[0] = AddressTypeIPv6;
            address.WriteIPv6Bytes(span[1..]);
            span[17] = (byte)(address.Port >> 8);
            span[18] = (byte)address.Port;
        }
        else
        {
            WriteByte(AddressTypeIPv4);
            WriteIPv4Address(address);
        }
    }

    /// <summary>Writes an <c>address</c> field: an <c>ip_address</c>, or type 0x02 + varlenH UTF-8 host + u16 port.</summary>
    /// <exception cref="ArgumentException">The host name encodes to more than 65 535 bytes.</exception>
    public void WriteAddress(HostAddress address)
    {
        if (address.HostName is not { } host)
        {
            WriteIpAddress(address.IpAddress);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(host);
        CheckLength(length, ushort.MaxValue, nameof(address));
        WriteByte(AddressTypeHost);
        WriteUInt16((ushort)length);
        Encoding.UTF8.GetBytes(host, Advance(length));
        WriteUInt16(address.Port);
    }

    private static void CheckLength(int length, long max, string parameterName)
    {
        if (length > max)
        {
            throw new ArgumentException($"{length} is more than the field can hold ({max}).", parameterName);
        }
    }
}
