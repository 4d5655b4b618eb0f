using System.Net.Sockets;

namespace Ipv8.Messaging;

/// <summary>The interfaces of a <see cref="DispatcherEndpoint"/> (py-ipv8's <c>interfaces</c> list).</summary>
public sealed record DispatcherEndpointOptions
{
    /// <summary>Gets the <c>UDPIPv4</c> interface, or null for none. Default: bind <c>0.0.0.0:0</c>.</summary>
    public UdpEndpointOptions? IPv4 { get; init; } = new();

    /// <summary>Gets the <c>UDPIPv6</c> interface, or null for none (the default).</summary>
    public UdpEndpointOptions? IPv6 { get; init; }

    /// <summary>Throws when no interface is configured, a family does not match its slot, or an option is out of range.</summary>
    /// <exception cref="ArgumentException">No interface, or a bind address of the wrong family.</exception>
    public void Validate()
    {
        if (IPv4 is null && IPv6 is null)
        {
            throw new ArgumentException("A dispatcher needs at least one interface (IPv4 or IPv6).");
        }

        if (IPv4 is not null)
        {
            IPv4.Validate();
            if (IPv4.BindAddress.Family != AddressFamily.InterNetwork)
            {
                throw new ArgumentException("The IPv4 interface must bind an IPv4 address.");
            }
        }

        if (IPv6 is not null)
        {
            IPv6.Validate();
            if (IPv6.BindAddress.Family != AddressFamily.InterNetworkV6)
            {
                throw new ArgumentException("The IPv6 interface must bind an IPv6 address.");
            }
        }
    }
}
