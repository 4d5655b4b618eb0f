using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace Ipv8.Messaging;

/// <summary>Address format codes of <see cref="PacketReader"/>.</summary>
public ref partial struct PacketReader
{
    /// <summary>Reads an <c>ipv4</c> field: 4 address bytes then the u16 port.</summary>
    public bool TryReadIPv4Address(out UdpAddress address)
    {
        if (!TryReadBytes(6, out var span))
        {
            address = default;
            return false;
        }

        address = UdpAddress.FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(span), BinaryPrimitives.ReadUInt16BigEndian(span[4..]));
        return true;
    }

    /// <summary>
    /// Reads an <c>ip_address</c> field: type 0x01 + 4 bytes or 0x03 + 16 bytes, then the u16 port. Any other
    /// type byte (including 0x02, host names) fails with <see cref="DropReason.Malformed"/>.
    /// </summary>
    public bool TryReadIpAddress(out UdpAddress address)
    {
        address = default;
        var rest = RemainingBytes;
        if (rest.IsEmpty)
        {
            return Fail(DropReason.TooShort);
        }

        switch (rest[0])
        {
            case PacketWriter.AddressTypeIPv4:
                if (rest.Length < 7)
                {
                    return Fail(DropReason.TooShort);
                }

                address = UdpAddress.FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(rest[1..]), BinaryPrimitives.ReadUInt16BigEndian(rest[5..]));
                _position += 7;
                return true;
            case PacketWriter.AddressTypeIPv6:
                if (rest.Length < 19)
                {
                    return Fail(DropReason.TooShort);
                }

                address = UdpAddress.FromIPv6(rest.Slice(1, 16), BinaryPrimitives.ReadUInt16BigEndian(rest[17..]));
                _position += 19;
                return true;
            default:
                return Fail(DropReason.Malformed);
        }
    }

    /// <summary>
    /// Reads an <c>address</c> field: an <c>ip_address</c>, or type 0x02 + u16 length + UTF-8 host name + u16
    /// port. The host name must be valid UTF-8 (<see cref="DropReason.Malformed"/>); a length past the end
    /// fails with <see cref="DropReason.OversizedField"/>. A host name allocates its string.
    /// </summary>
    public bool TryReadAddress(out HostAddress address)
    {
        address = default;
        var rest = RemainingBytes;
        if (rest.IsEmpty)
        {
            return Fail(DropReason.TooShort);
        }

        if (rest[0] != PacketWriter.AddressTypeHost)
        {
            var ok = TryReadIpAddress(out var ip);
            address = HostAddress.FromIp(ip);
            return ok;
        }

        if (rest.Length < 3)
        {
            return Fail(DropReason.TooShort);
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(rest[1..]);
        if (rest.Length - 3 < length)
        {
            return Fail(DropReason.OversizedField);
        }

        if (rest.Length - 3 - length < 2)
        {
            return Fail(DropReason.TooShort);
        }

        if (!TryDecodeUtf8(rest.Slice(3, length), out var host) || host.Length == 0)
        {
            return Fail(DropReason.Malformed);
        }

        var port = BinaryPrimitives.ReadUInt16BigEndian(rest[(3 + length)..]);
        address = HostAddress.FromHost(host, port);
        _position += 5 + length;
        return true;
    }

    private bool TryDecodeUtf8(ReadOnlySpan<byte> bytes, out string text)
    {
        if (!Utf8.IsValid(bytes))
        {
            text = string.Empty;
            return Fail(DropReason.Malformed);
        }

        text = Encoding.UTF8.GetString(bytes);
        return true;
    }
}
