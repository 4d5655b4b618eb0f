using Ipv8.Messaging;

namespace SampleChat;

/// <summary>A total order on addresses: IPv4 before IPv6, then by address bytes, then by port.</summary>
internal static class AddressOrder
{
    public static int Compare(UdpAddress left, UdpAddress right)
    {
        if (left.IsIPv6 != right.IsIPv6)
        {
            return left.IsIPv6 ? 1 : -1;
        }

        int byIp;
        if (left.IsIPv4)
        {
            byIp = left.IPv4Value.CompareTo(right.IPv4Value);
        }
        else
        {
            Span<byte> a = stackalloc byte[16];
            Span<byte> b = stackalloc byte[16];
            left.WriteIPv6Bytes(a);
            right.WriteIPv6Bytes(b);
            byIp = a.SequenceCompareTo(b);
        }

        return byIp != 0 ? byIp : left.Port.CompareTo(right.Port);
    }
}
