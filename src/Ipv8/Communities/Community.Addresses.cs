using System.Net.NetworkInformation;
using System.Net.Sockets;
using Ipv8.Messaging;

namespace Ipv8.Communities;

/// <content>Own-address estimation (spec 5.9).</content>
public partial class Community
{
    private static readonly TimeSpan InterfaceRefreshInterval = TimeSpan.FromSeconds(10);
    private UdpAddress _lanCache;
    private UdpAddress _lanCacheBound;
    private UdpAddress[] _interfaceAddresses = [];
    private DateTimeOffset _interfacesReadAt = DateTimeOffset.MinValue;

    /// <summary>
    /// Gets our LAN address estimate: <c>0.0.0.0:0</c> while the endpoint is closed; the bound address when the endpoint
    /// is bound to a specific IP (loopback, a simulated address); otherwise the first non-loopback interface address
    /// of the bound family with the bound port (<c>127.0.0.1</c> / <c>::1</c> when there is none).
    /// </summary>
    public UdpAddress MyEstimatedLan
    {
        get
        {
            if (!Endpoint.IsOpen)
            {
                return UdpAddress.Zero;
            }

            lock (Network.SyncRoot)
            {
                var bound = Endpoint.LocalAddress;
                if (bound != _lanCacheBound || _lanCache.IsZero)
                {
                    _lanCacheBound = bound;
                    _lanCache = IsUnspecified(bound) ? GuessInterfaceAddress(bound) : bound;
                }

                return _lanCache;
            }
        }
    }

    /// <summary>
    /// Gets our WAN address estimate: the LAN estimate at construction, then the <c>destination_address</c> of every
    /// introduction-response that is IPv4 and not in a private range (last response wins, spec 5.9).
    /// </summary>
    public UdpAddress MyEstimatedWan { get; protected set; }

    /// <summary>
    /// Gets the address advertised as <c>source_wan_address</c> in new-format messages. Like an IPv4-only py-ipv8 peer
    /// (spec 5.9 quirk, 16.4) this is the LAN estimate; <see cref="MyEstimatedWan"/> when the LAN estimate is zero. When
    /// the endpoint can also send IPv6 (a dual-stack dispatcher), our IPv6 address is preferred, as py-ipv8 prefers the own
    /// peer's IPv6 entry (spec 5.9): that is what lets a dual-stack responder's peers switch interface (spec 5.12 step 3).
    /// </summary>
    protected UdpAddress PreferredOwnAddress
    {
        get
        {
            var lan = MyEstimatedLan;
            if (!lan.IsIPv6 && Endpoint.IsOpen && Endpoint.SupportsAddressFamily(AddressFamily.InterNetworkV6)
                && TryGetOwnAddress(AddressFamily.InterNetworkV6, out var ipv6))
            {
                return ipv6;
            }

            return lan.IsZero ? MyEstimatedWan : lan;
        }
    }

    /// <summary>Returns true when <paramref name="address"/>'s IP is one of our own addresses (py-ipv8 <c>address_is_lan</c>).</summary>
    protected bool IsOwnInterfaceAddress(UdpAddress address)
    {
        var lan = MyEstimatedLan;
        if (!lan.IsZero && address.HasSameIp(lan))
        {
            return true;
        }

        if (!IsUnspecified(Endpoint.LocalAddress))
        {
            return false;
        }

        foreach (var own in GetInterfaceAddresses())
        {
            if (own.HasSameIp(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns true for IPv4 addresses in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.</summary>
    protected static bool IsPrivateIPv4(UdpAddress address)
    {
        if (!address.IsIPv4)
        {
            return false;
        }

        var ip = address.IPv4Value;
        return (ip >> 24) == 10 || (ip >> 20) == 0xAC1 || (ip >> 16) == 0xC0A8;
    }

    private static bool IsUnspecified(UdpAddress address)
        => address.IsIPv4 ? address.IPv4Value == 0 : address.HasSameIp(UdpAddress.FromIPv6(new byte[16], 0));

    private UdpAddress GuessInterfaceAddress(UdpAddress bound)
    {
        foreach (var candidate in GetInterfaceAddresses())
        {
            if (candidate.IsIPv6 == bound.IsIPv6)
            {
                return candidate.WithPort(bound.Port);
            }
        }

        return bound.IsIPv6
            ? UdpAddress.Parse("::1", bound.Port)
            : UdpAddress.FromIPv4(0x7F000001, bound.Port);
    }

    private UdpAddress[] GetInterfaceAddresses()
    {
        var now = TimeProvider.GetUtcNow();
        if (now - _interfacesReadAt < InterfaceRefreshInterval)
        {
            return _interfaceAddresses;
        }

        _interfacesReadAt = now;
        var result = new List<UdpAddress>();
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (nic.OperationalStatus != OperationalStatus.Up)
                {
                    continue;
                }

                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    var ip = unicast.Address;
                    if (ip.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6) || ip.IsIPv6LinkLocal)
                    {
                        continue;
                    }

                    var address = UdpAddress.From(ip, 0);
                    if (!IsExcludedInterfaceAddress(address) && !result.Contains(address))
                    {
                        result.Add(address);
                    }
                }
            }
        }
        catch (NetworkInformationException)
        {
            // No interface information: fall back to loopback in GuessInterfaceAddress.
        }

        _interfaceAddresses = [.. result];
        return _interfaceAddresses;
    }

    private static bool IsExcludedInterfaceAddress(UdpAddress address)
    {
        if (address.IsIPv4)
        {
            var ip = address.IPv4Value;
            return ip is 0x7F000001 or 0x7F000101 or 0 or 0xFFFFFFFF;
        }

        return address.HasSameIp(UdpAddress.Parse("::1", 0));
    }
}
