using System.Globalization;
using Ipv8.Messaging;
using Launcher.Definitions;

namespace Launcher.Hosting;

/// <summary>Builds real UDP endpoints from the <c>interfaces</c> section (UDPIPv4 and/or UDPIPv6).</summary>
public static class UdpEndpointFactory
{
    /// <summary>Creates a dispatcher over one socket per configured interface.</summary>
    /// <exception cref="FormatException">An interface has an invalid IP or an unknown interface name.</exception>
    public static IEndpoint Create(IReadOnlyList<InterfaceDefinition> interfaces)
    {
        ArgumentNullException.ThrowIfNull(interfaces);
        UdpEndpointOptions? ipv4 = null;
        UdpEndpointOptions? ipv6 = null;
        foreach (var definition in interfaces)
        {
            var options = new UdpEndpointOptions
            {
                BindAddress = UdpAddress.Parse(definition.Ip, definition.Port),
                ReceiveWorkers = definition.ReceiveWorkers ?? UdpEndpointOptions.DefaultReceiveWorkers,
                ReceiveBufferSize = definition.ReceiveBuffer ?? UdpEndpointOptions.DefaultReceiveBufferSize,
            };
            switch (definition.Interface)
            {
                case InterfaceDefinition.UdpIPv4 when options.BindAddress.IsIPv4:
                    ipv4 = options;
                    break;
                case InterfaceDefinition.UdpIPv6 when options.BindAddress.IsIPv6:
                    ipv6 = options;
                    break;
                default:
                    throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{definition.Origin}: interface '{definition.Interface}' cannot bind '{definition.Ip}'"));
            }
        }

        if (ipv4 is null && ipv6 is null)
        {
            throw new FormatException("no interface is configured");
        }

        return new DispatcherEndpoint(new DispatcherEndpointOptions { IPv4 = ipv4, IPv6 = ipv6 });
    }
}
