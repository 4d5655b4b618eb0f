using System.Buffers.Binary;
using Ipv8.Messaging;

namespace Ipv8.Rendezvous;

/// <summary>The /24 (IPv4) or /56 (IPv6) network an address belongs to: the unit of the per-prefix registration cap.</summary>
internal readonly record struct PrefixBucket(bool IsIPv6, ulong Bits)
{
    public static PrefixBucket Of(UdpAddress address)
    {
        if (address.IsIPv4)
        {
            return new PrefixBucket(false, address.IPv4Value >> 8);
        }

        Span<byte> bytes = stackalloc byte[16];
        address.WriteIPv6Bytes(bytes);
        return new PrefixBucket(true, BinaryPrimitives.ReadUInt64BigEndian(bytes) >> 8);
    }
}
