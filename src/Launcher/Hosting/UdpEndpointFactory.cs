using System.Globalization;
using Ipv8.Messaging;
using Launcher.Definitions;
using Microsoft.Extensions.Logging;

namespace Launcher.Hosting;

/// <summary>
/// Builds real UDP endpoints from the <c>interfaces</c> section (UDPIPv4 and/or UDPIPv6), all received by one
/// <see cref="UdpReceiveLoop"/> that this factory owns: every endpoint it creates (e.g. the <c>instances: N</c> of one
/// <c>launcher run</c>) shares that loop's one thread and buffer. An interface with <c>receive_shards</c> above 1 gets
/// <c>SO_REUSEPORT</c> sockets with threads of their own instead (<see cref="ReusePortUdpEndpoint"/>).
/// </summary>
/// <remarks>
/// <para><c>AddOverlayLauncher</c> registers one per service container (the container disposes it); the launcher service
/// gives it to every host whose <see cref="OverlayHostOptions.EndpointFactory"/> is not set and its loop to the hosted
/// tracker. <see cref="CreateStandalone"/> builds endpoints without a shared loop (each owns a private one).</para>
/// <para>Lifetime: dispose it after the endpoints it created are closed; the loop's thread runs only while one of them is
/// open. Thread-safe.</para>
/// </remarks>
public sealed class UdpEndpointFactory : IDisposable
{
    /// <summary>Creates a factory with a receive loop of its own (no thread until an endpoint opens).</summary>
    /// <param name="logger">Receives the loop's wake-up and poll failures; none when null.</param>
    public UdpEndpointFactory(ILogger? logger = null)
    {
        ReceiveLoop = new UdpReceiveLoop(logger);
    }

    /// <summary>Gets the loop that receives every single-socket endpoint this factory creates (owned by the factory).</summary>
    public UdpReceiveLoop ReceiveLoop { get; }

    /// <summary>Creates a dispatcher over the configured interfaces, received by <see cref="ReceiveLoop"/>.</summary>
    /// <exception cref="FormatException">An interface has an invalid IP or an unknown interface name, or none is configured.</exception>
    public IEndpoint Create(IReadOnlyList<InterfaceDefinition> interfaces) => Create(interfaces, ReceiveLoop);

    /// <summary>Disposes the receive loop (close the endpoints first). Idempotent.</summary>
    public void Dispose() => ReceiveLoop.Dispose();

    /// <summary>
    /// Creates a dispatcher over the configured interfaces whose sockets are received by private loops (one thread for the
    /// dispatcher, created when it opens and ended when it closes): for a host that runs alone.
    /// </summary>
    /// <exception cref="FormatException">An interface has an invalid IP or an unknown interface name, or none is configured.</exception>
    public static IEndpoint CreateStandalone(IReadOnlyList<InterfaceDefinition> interfaces) => Create(interfaces, null);

    private static DispatcherEndpoint Create(IReadOnlyList<InterfaceDefinition> interfaces, UdpReceiveLoop? loop)
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
                ReceiveShards = definition.ReceiveShards ?? 1,
                ReceiveLoop = loop,
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
