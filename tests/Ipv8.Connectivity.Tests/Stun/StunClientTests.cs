using System.Net;
using System.Net.Sockets;
using Ipv8.Connectivity.Stun;

namespace Ipv8.Connectivity.Tests.Stun;

public class StunClientTests
{
    private static readonly StunClientOptions FastOptions = new()
    {
        InitialRetransmissionTimeout = TimeSpan.FromMilliseconds(50),
        TransactionTimeout = TimeSpan.FromMilliseconds(800),
    };

    [Test]
    public async Task BindTcpAsync_LoopbackResponder_ReturnsTheSourceItSawFromTheSharedPort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var serve = Task.Run(async () =>
        {
            using var connection = await listener.AcceptAsync();
            var header = new byte[StunMessage.HeaderLength];
            await connection.ReceiveAsync(header, SocketFlags.None);
            var body = new byte[(header[2] << 8) | header[3]];
            if (body.Length > 0)
                await connection.ReceiveAsync(body, SocketFlags.None);
            Assert.That(StunMessage.TryParse([.. header, .. body], out var request, out _), Is.True);
            await connection.SendAsync(LoopbackStunResponder.Success(request!, (IPEndPoint)connection.RemoteEndPoint!), SocketFlags.None);
        });

        // A listener already holds the local port, as the punch's does: the probe shares it.
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        holder.SetRawSocketOption(1, 15, BitConverter.GetBytes(1));
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        holder.Listen(1);
        var local = (IPEndPoint)holder.LocalEndPoint!;

        var result = await new StunClient(FastOptions).BindTcpAsync(local, (IPEndPoint)listener.LocalEndPoint!);
        await serve.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(result.Mapped, Is.EqualTo(local));
    }

    [Test]
    public void BindTcpAsync_NothingListens_FailsWithStunException()
    {
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var server = (IPEndPoint)closed.LocalEndPoint!;

        var error = Assert.ThrowsAsync<StunException>(() => new StunClient(FastOptions).BindTcpAsync(new IPEndPoint(IPAddress.Loopback, 0), server));

        Assert.That(error!.Message, Does.Contain("ConnectionRefused"));
    }

    [Test]
    public async Task BindAsync_LoopbackResponder_ReturnsOurLocalEndpoint()
    {
        using var responder = new LoopbackStunResponder();
        using var socket = LocalSocket();

        var result = await new StunClient(FastOptions).BindAsync(socket, responder.EndPoint);

        Assert.Multiple(() =>
        {
            Assert.That(result.Mapped, Is.EqualTo(socket.LocalEndPoint));
            Assert.That(result.Server, Is.EqualTo(responder.EndPoint));
        });
    }

    [Test]
    public async Task BindAsync_GarbageAndForeignTransactionsFirst_DropsThemAndTakesTheRealAnswer()
    {
        using var responder = new LoopbackStunResponder((request, source) =>
        [
            [1, 2, 3],
            LoopbackStunResponder.Success(StunMessage.CreateBindingRequest(), new IPEndPoint(IPAddress.Loopback, 1)),
            LoopbackStunResponder.Success(request, new IPEndPoint(IPAddress.Loopback, 9)),
        ]);
        using var socket = LocalSocket();
        var client = new StunClient(FastOptions);

        var result = await client.BindAsync(socket, responder.EndPoint);

        Assert.Multiple(() =>
        {
            Assert.That(result.Mapped, Is.EqualTo(new IPEndPoint(IPAddress.Loopback, 9)));
            Assert.That(client.DroppedDatagrams, Is.EqualTo(2));
        });
    }

    [Test]
    public void BindAsync_ErrorResponse_ThrowsWithCode()
    {
        using var responder = new LoopbackStunResponder((request, _) =>
        [
            new StunMessage(StunMessageType.BindingErrorResponse, request.TransactionId,
                [new StunAttribute(StunAttributeType.ErrorCode, new byte[] { 0, 0, 4, 20, (byte)'x' })]).Encode(),
        ]);
        using var socket = LocalSocket();

        var error = Assert.ThrowsAsync<StunException>(() => new StunClient(FastOptions).BindAsync(socket, responder.EndPoint));
        Assert.That(error!.Message, Does.Contain("420"));
    }

    [Test]
    public void BindAsync_SilentServer_TimesOutAfterRetransmissions()
    {
        using var responder = new LoopbackStunResponder((_, _) => []);
        using var socket = LocalSocket();

        var error = Assert.ThrowsAsync<StunException>(() => new StunClient(FastOptions).BindAsync(socket, responder.EndPoint));
        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("No valid STUN binding response"));
            Assert.That(responder.RequestsSeen, Is.GreaterThan(1), "the request is retransmitted");
        });
    }

    private static Socket LocalSocket()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
