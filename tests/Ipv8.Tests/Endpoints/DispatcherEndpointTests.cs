using System.Net.Sockets;
using Ipv8.Messaging;

namespace Ipv8.Tests.Endpoints;

public class DispatcherEndpointTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Test]
    public async Task Send_ByDestinationFamily_UsesMatchingSocket()
    {
        Assume.That(Socket.OSSupportsIPv6, "IPv6 is not available");
        await using var dispatcher = new DispatcherEndpoint(new DispatcherEndpointOptions
        {
            IPv4 = UdpEndpointOptions.IPv4Loopback(),
            IPv6 = UdpEndpointOptions.IPv6Loopback(),
        });
        await using var peer4 = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback());
        await using var peer6 = new UdpEndpoint(UdpEndpointOptions.IPv6Loopback());
        try
        {
            await dispatcher.OpenAsync();
            await peer6.OpenAsync();
        }
        catch (SocketException ex)
        {
            Assume.That(false, $"::1 cannot be bound: {ex.SocketErrorCode}");
        }

        await peer4.OpenAsync();
        var at4 = new RecordingListener("v4");
        var at6 = new RecordingListener("v6");
        var atDispatcher = new RecordingListener("dispatcher", count => count >= 2);
        peer4.AddListener(at4);
        peer6.AddListener(at6);
        dispatcher.AddListener(atDispatcher);

        Assert.That(dispatcher.Send(peer4.LocalAddress, [4]), Is.True);
        Assert.That(dispatcher.Send(peer6.LocalAddress, [6]), Is.True);
        await Task.WhenAll(at4.Done, at6.Done).WaitAsync(Wait);
        peer4.Send(dispatcher.IPv4!.LocalAddress, [40]);
        peer6.Send(dispatcher.IPv6!.LocalAddress, [60]);
        await atDispatcher.Done.WaitAsync(Wait);

        Assert.Multiple(() =>
        {
            Assert.That(at4.Received[0].Source, Is.EqualTo(dispatcher.IPv4!.LocalAddress));
            Assert.That(at6.Received[0].Source, Is.EqualTo(dispatcher.IPv6!.LocalAddress));
            Assert.That(dispatcher.LocalAddress, Is.EqualTo(dispatcher.IPv4!.LocalAddress));
            Assert.That(atDispatcher.Received.Select(r => r.Data[0]), Is.EquivalentTo(new byte[] { 40, 60 }));
            Assert.That(dispatcher.Counters.PacketsOut, Is.EqualTo(2));
            Assert.That(dispatcher.Counters.PacketsIn, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Send_FamilyNotConfigured_RefusedAndCounted()
    {
        await using var dispatcher = new DispatcherEndpoint(new DispatcherEndpointOptions { IPv4 = UdpEndpointOptions.IPv4Loopback() });
        await dispatcher.OpenAsync();

        var sent = dispatcher.Send(UdpAddress.Parse("[::1]:9"), [1]);

        Assert.Multiple(() =>
        {
            Assert.That(sent, Is.False);
            Assert.That(dispatcher.Counters.Drops[DropReason.SendFailed], Is.EqualTo(1));
            Assert.That(dispatcher.IsOpen, Is.True);
            Assert.That(dispatcher.IPv6, Is.Null);
        });
    }

    [Test]
    public void Constructor_NoInterface_Throws()
        => Assert.Throws<ArgumentException>(() => _ = new DispatcherEndpoint(new DispatcherEndpointOptions { IPv4 = null }));

    [Test]
    public void Constructor_WrongFamilyInSlot_Throws()
        => Assert.Throws<ArgumentException>(() => _ = new DispatcherEndpoint(new DispatcherEndpointOptions { IPv4 = UdpEndpointOptions.IPv6Loopback() }));
}
