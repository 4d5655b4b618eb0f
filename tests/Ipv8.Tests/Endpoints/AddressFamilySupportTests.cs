using System.Net.Sockets;
using Ipv8.Messaging;

namespace Ipv8.Tests.Endpoints;

/// <summary><see cref="IEndpoint.SupportsAddressFamily"/> and <see cref="IEndpoint.GetLocalAddress"/> per endpoint kind.</summary>
public class AddressFamilySupportTests
{
    [Test]
    public async Task SupportsAddressFamily_Ipv4OnlyDispatcher_Ipv4WhileOpen()
    {
        await using var dispatcher = new DispatcherEndpoint(new DispatcherEndpointOptions { IPv4 = UdpEndpointOptions.IPv4Loopback() });
        IEndpoint endpoint = dispatcher;
        var beforeOpen = endpoint.SupportsAddressFamily(AddressFamily.InterNetwork);
        await endpoint.OpenAsync();
        Assert.Multiple(() =>
        {
            Assert.That(beforeOpen, Is.False, "closed");
            Assert.That(endpoint.SupportsAddressFamily(AddressFamily.InterNetwork), Is.True);
            Assert.That(endpoint.SupportsAddressFamily(AddressFamily.InterNetworkV6), Is.False, "no IPv6 interface");
            Assert.That(endpoint.GetLocalAddress(AddressFamily.InterNetwork), Is.EqualTo(dispatcher.IPv4!.LocalAddress));
            Assert.That(endpoint.GetLocalAddress(AddressFamily.InterNetworkV6), Is.EqualTo(UdpAddress.Zero));
        });

        await endpoint.CloseAsync();
        Assert.That(endpoint.SupportsAddressFamily(AddressFamily.InterNetwork), Is.False, "closed again");
    }

    [Test]
    public async Task SupportsAddressFamily_DualStackDispatcher_BothFamilies()
    {
        Assume.That(Socket.OSSupportsIPv6, "IPv6 is not available");
        await using var dispatcher = new DispatcherEndpoint(new DispatcherEndpointOptions
        {
            IPv4 = UdpEndpointOptions.IPv4Loopback(),
            IPv6 = UdpEndpointOptions.IPv6Loopback(),
        });
        IEndpoint endpoint = dispatcher;
        try
        {
            await endpoint.OpenAsync();
        }
        catch (SocketException ex)
        {
            Assume.That(false, $"::1 cannot be bound: {ex.SocketErrorCode}");
        }

        Assert.Multiple(() =>
        {
            Assert.That(endpoint.SupportsAddressFamily(AddressFamily.InterNetwork), Is.True);
            Assert.That(endpoint.SupportsAddressFamily(AddressFamily.InterNetworkV6), Is.True);
            Assert.That(endpoint.GetLocalAddress(AddressFamily.InterNetworkV6), Is.EqualTo(dispatcher.IPv6!.LocalAddress));
            Assert.That(endpoint.GetLocalAddress(AddressFamily.InterNetworkV6).IsIPv6, Is.True);
            Assert.That(endpoint.GetLocalAddress(AddressFamily.InterNetwork), Is.EqualTo(dispatcher.LocalAddress));
        });
    }

    [Test]
    public async Task SupportsAddressFamily_Ipv4UdpEndpoint_OnlyItsFamily()
    {
        await using var udp = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback());
        IEndpoint endpoint = udp;
        await endpoint.OpenAsync();
        Assert.Multiple(() =>
        {
            Assert.That(endpoint.SupportsAddressFamily(AddressFamily.InterNetwork), Is.True);
            Assert.That(endpoint.SupportsAddressFamily(AddressFamily.InterNetworkV6), Is.False);
            Assert.That(endpoint.GetLocalAddress(AddressFamily.InterNetwork), Is.EqualTo(udp.LocalAddress));
            Assert.That(endpoint.GetLocalAddress(AddressFamily.InterNetworkV6), Is.EqualTo(UdpAddress.Zero));
        });
    }

    [Test]
    public void SupportsAddressFamily_DefaultMember_FamilyOfLocalAddress()
    {
        IEndpoint ipv6 = new FixedEndpoint(UdpAddress.Parse("[2001:db8::5]:8090"));
        IEndpoint ipv4 = new FixedEndpoint(UdpAddress.Parse("192.0.2.5:8090"));
        Assert.Multiple(() =>
        {
            Assert.That(ipv6.SupportsAddressFamily(AddressFamily.InterNetworkV6), Is.True);
            Assert.That(ipv6.SupportsAddressFamily(AddressFamily.InterNetwork), Is.False);
            Assert.That(ipv6.GetLocalAddress(AddressFamily.InterNetwork), Is.EqualTo(UdpAddress.Zero));
            Assert.That(ipv4.SupportsAddressFamily(AddressFamily.InterNetwork), Is.True);
            Assert.That(ipv4.SupportsAddressFamily(AddressFamily.InterNetworkV6), Is.False);
            Assert.That(ipv4.GetLocalAddress(AddressFamily.InterNetwork), Is.EqualTo(ipv4.LocalAddress));
        });
    }

    /// <summary>An endpoint that only has an address (uses the interface's default members).</summary>
    private sealed class FixedEndpoint(UdpAddress address) : IEndpoint
    {
        public bool IsOpen => true;

        public UdpAddress LocalAddress => address;

        public EndpointCounters Counters { get; } = new();

        public ValueTask OpenAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask CloseAsync() => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        public bool Send(UdpAddress destination, ReadOnlySpan<byte> datagram) => false;

        public void AddListener(IDatagramListener listener)
        {
        }

        public void AddPrefixListener(ReadOnlySpan<byte> prefix, IDatagramListener listener)
        {
        }

        public void RemoveListener(IDatagramListener listener)
        {
        }
    }
}
