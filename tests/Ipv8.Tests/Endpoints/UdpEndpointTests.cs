using System.Net;
using System.Net.Sockets;
using Ipv8.Messaging;

namespace Ipv8.Tests.Endpoints;

public class UdpEndpointTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Test]
    public async Task Send_TwoLoopbackEndpoints_ExchangeDatagrams()
    {
        await using var a = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback());
        await using var b = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback());
        await a.OpenAsync();
        await b.OpenAsync();
        var atA = new RecordingListener("a");
        var atB = new RecordingListener("b");
        a.AddListener(atA);
        b.AddListener(atB);

        Assert.That(a.Send(b.LocalAddress, [1, 2, 3]), Is.True);
        await atB.Done.WaitAsync(Wait);
        Assert.That(b.Send(a.LocalAddress, [4, 5]), Is.True);
        await atA.Done.WaitAsync(Wait);

        Assert.Multiple(() =>
        {
            Assert.That(a.LocalAddress.Port, Is.Not.Zero);
            Assert.That(atB.Received[0].Source, Is.EqualTo(a.LocalAddress));
            Assert.That(atB.Received[0].Data, Is.EqualTo(new byte[] { 1, 2, 3 }));
            Assert.That(atA.Received[0].Source, Is.EqualTo(b.LocalAddress));
            Assert.That(atA.Received[0].Data, Is.EqualTo(new byte[] { 4, 5 }));
            Assert.That(a.Counters.PacketsOut, Is.EqualTo(1));
            Assert.That(a.Counters.BytesOut, Is.EqualTo(3));
            Assert.That(b.Counters.PacketsIn, Is.EqualTo(1));
            Assert.That(b.Counters.BytesIn, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Send_PrefixListener_RoutedByPrefix()
    {
        await using var a = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback());
        await using var b = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback());
        await a.OpenAsync();
        await b.OpenAsync();
        byte[] prefix = [0, 2, .. Enumerable.Range(1, 20).Select(i => (byte)i)];
        var community = new RecordingListener("community");
        b.AddPrefixListener(prefix, community);

        // An unknown prefix first (dropped, no general listener), then ours.
        a.Send(b.LocalAddress, [0, 2, .. new byte[20], 246]);
        a.Send(b.LocalAddress, [.. prefix, 246, 9]);
        await community.Done.WaitAsync(Wait);

        Assert.Multiple(() =>
        {
            Assert.That(community.Received, Has.Count.EqualTo(1));
            Assert.That(community.Received[0].Data[^1], Is.EqualTo(9));
            Assert.That(b.Counters.Drops[DropReason.UnknownPrefix], Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Send_LargestDatagram_ReceivedWhole()
    {
        await using var a = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback());
        await using var b = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback());
        await a.OpenAsync();
        await b.OpenAsync();
        var atB = new RecordingListener();
        b.AddListener(atB);
        var payload = new byte[EndpointCounters.MaxSendSize];
        new Random(7).NextBytes(payload);

        Assert.That(a.Send(b.LocalAddress, payload), Is.True);
        await atB.Done.WaitAsync(Wait);

        Assert.That(atB.Received[0].Data, Is.EqualTo(payload));
    }

    [Test]
    public async Task Send_Oversize_RefusedAndCounted()
    {
        await using var a = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback());
        await a.OpenAsync();

        var sent = a.Send(a.LocalAddress, new byte[EndpointCounters.MaxSendSize + 1]);

        Assert.Multiple(() =>
        {
            Assert.That(sent, Is.False);
            Assert.That(a.Counters.Drops[DropReason.SendTooLarge], Is.EqualTo(1));
            Assert.That(a.Counters.PacketsOut, Is.Zero);
        });
    }

    [Test]
    public async Task Send_WrongFamilyOrClosed_ReturnsFalseAndCounts()
    {
        var a = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback());
        var closedSend = a.Send(UdpAddress.Parse("127.0.0.1:9"), [1]);
        await a.OpenAsync();
        var wrongFamily = a.Send(UdpAddress.Parse("[::1]:9"), [1]);
        await a.CloseAsync();
        var afterClose = a.Send(UdpAddress.Parse("127.0.0.1:9"), [1]);

        Assert.Multiple(() =>
        {
            Assert.That(closedSend, Is.False);
            Assert.That(wrongFamily, Is.False);
            Assert.That(afterClose, Is.False);
            Assert.That(a.Counters.Drops[DropReason.SendFailed], Is.EqualTo(3));
        });
    }

    [Test]
    public async Task OpenAsync_PortTaken_BindsNextPort()
    {
        using var blocker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        blocker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var taken = ((IPEndPoint)blocker.LocalEndPoint!).Port;
        Assume.That(taken, Is.LessThan(ushort.MaxValue - 100));

        await using var endpoint = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback(taken));
        await endpoint.OpenAsync();

        Assert.That(endpoint.LocalAddress.Port, Is.GreaterThan(taken));
    }

    [Test]
    public void OpenAsync_PortTakenSingleAttempt_Throws()
    {
        using var blocker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        blocker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var taken = ((IPEndPoint)blocker.LocalEndPoint!).Port;
        var endpoint = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback(taken) with { BindAttempts = 1 });

        Assert.ThrowsAsync<SocketException>(async () => await endpoint.OpenAsync());
        Assert.That(endpoint.IsOpen, Is.False);
    }

    [Test]
    public async Task CloseAsync_OpenEndpoint_StopsReceiveLoopWithinBound()
    {
        var logger = new CapturingLogger();
        var endpoint = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback(), logger);
        await endpoint.OpenAsync();
        var address = endpoint.LocalAddress;

        await endpoint.CloseAsync().AsTask().WaitAsync(Wait);

        // The port is free again once the socket is released.
        using var rebind = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Assert.DoesNotThrow(() => rebind.Bind(address.ToEndPoint()));
        Assert.Multiple(() =>
        {
            Assert.That(endpoint.IsOpen, Is.False);
            Assert.That(logger.Events.Select(e => e.Id), Does.Not.Contain(1105), "the receive loop hit the close timeout");
            Assert.That(logger.Events.Select(e => e.Id), Does.Contain(1106));
        });
    }

    [Test]
    public async Task OpenAsync_AfterClose_ReceivesAgain()
    {
        await using var a = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback());
        await using var b = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback());
        await a.OpenAsync();
        await b.OpenAsync();
        await b.CloseAsync();
        await b.OpenAsync();
        var atB = new RecordingListener();
        b.AddListener(atB);

        a.Send(b.LocalAddress, [42]);
        await atB.Done.WaitAsync(Wait);

        Assert.That(atB.Received[0].Data, Is.EqualTo(new byte[] { 42 }));
    }

    [Test]
    public async Task Send_IPv6Loopback_ExchangesDatagrams()
    {
        Assume.That(Socket.OSSupportsIPv6, "IPv6 is not available");
        await using var a = new UdpEndpoint(UdpEndpointOptions.IPv6Loopback());
        await using var b = new UdpEndpoint(UdpEndpointOptions.IPv6Loopback());
        try
        {
            await a.OpenAsync();
            await b.OpenAsync();
        }
        catch (SocketException ex)
        {
            Assume.That(false, $"::1 cannot be bound: {ex.SocketErrorCode}");
        }

        var atB = new RecordingListener();
        b.AddListener(atB);
        Assert.That(a.Send(b.LocalAddress, [1, 2]), Is.True);
        await atB.Done.WaitAsync(Wait);

        Assert.Multiple(() =>
        {
            Assert.That(a.LocalAddress.IsIPv6, Is.True);
            Assert.That(atB.Received[0].Source, Is.EqualTo(a.LocalAddress));
            Assert.That(atB.Received[0].Source.ToString(), Does.StartWith("[::1]:"));
            Assert.That(a.Send(UdpAddress.Parse("127.0.0.1:9"), [1]), Is.False);
        });
    }

    [Test]
    public async Task Receive_ListenerThrows_LoopKeepsRunning()
    {
        await using var a = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback());
        await using var b = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback());
        await a.OpenAsync();
        await b.OpenAsync();
        var thrower = new RecordingListener("thrower") { Throws = true };
        var after = new RecordingListener("after", count => count >= 2);
        b.AddListener(thrower);
        b.AddListener(after);

        a.Send(b.LocalAddress, [1]);
        a.Send(b.LocalAddress, [2]);
        await after.Done.WaitAsync(Wait);

        Assert.That(b.Counters.Drops[DropReason.ListenerFailed], Is.EqualTo(2));
    }
}
