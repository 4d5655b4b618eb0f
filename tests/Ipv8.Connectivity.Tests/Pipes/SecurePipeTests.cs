using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Ipv8.Connectivity.Pipes;
using Ipv8.Keys;

namespace Ipv8.Connectivity.Tests.Pipes;

public class SecurePipeTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(20);
    private readonly KeyFactory _keys = new();

    [Test]
    public async Task InitiateAsync_EchoServer_AuthenticatesBothSidesAndEchoes()
    {
        var serverKey = _keys.GenerateCurve25519();
        await using var server = StartServer(serverKey, new PipeServerOptions());
        var clientKey = _keys.GenerateCurve25519();

        await using var pipe = await Connect(server.LocalEndPoint, clientKey, serverKey.PublicKey, EchoPipeHandler.Name);
        await pipe.SendAsync(Encoding.UTF8.GetBytes("hello"));
        var reply = await pipe.ReceiveAsync().AsTask().WaitAsync(TestTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(reply!), Is.EqualTo("hello"));
            Assert.That(pipe.RemoteKey, Is.EqualTo(serverKey.PublicKey));
            Assert.That(server.Counters[PipeServerCounter.Accepted], Is.EqualTo(1));
        });
    }

    [Test]
    public async Task InitiateAsync_EcIdentities_Work()
    {
        var serverKey = _keys.Generate("very-low");
        await using var server = StartServer(serverKey, new PipeServerOptions());

        await using var pipe = await Connect(server.LocalEndPoint, _keys.Generate("very-low"), serverKey.PublicKey, EchoPipeHandler.Name);
        await pipe.SendAsync(new byte[] { 1, 2, 3 });

        Assert.That(await pipe.ReceiveAsync().AsTask().WaitAsync(TestTimeout), Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public async Task InitiateAsync_ServerHoldsAnotherKey_FailsWithWrongKey()
    {
        await using var server = StartServer(_keys.GenerateCurve25519(), new PipeServerOptions());
        var expected = _keys.GenerateCurve25519().PublicKey;

        var error = Assert.ThrowsAsync<PipeHandshakeException>(() => Connect(server.LocalEndPoint, _keys.GenerateCurve25519(), expected, EchoPipeHandler.Name));
        Assert.Multiple(() =>
        {
            Assert.That(error!.Failure, Is.EqualTo(HandshakeFailure.WrongKey));
            Assert.That(error.Message, Does.Contain(expected.MidHex));
        });
    }

    [Test]
    public async Task InitiateAsync_UnknownProtocol_IsRefusedAndCounted()
    {
        var serverKey = _keys.GenerateCurve25519();
        await using var server = StartServer(serverKey, new PipeServerOptions());

        var error = Assert.ThrowsAsync<PipeHandshakeException>(() => Connect(server.LocalEndPoint, _keys.GenerateCurve25519(), serverKey.PublicKey, "nope"));
        Assert.Multiple(() =>
        {
            Assert.That(error!.Failure, Is.EqualTo(HandshakeFailure.Refused));
            Assert.That(error.Message, Does.Contain("no handler for protocol 'nope'"));
        });
        Assert.That(() => server.Counters[PipeServerCounter.RefusedProtocol], Is.EqualTo(1).After(5000, 10));
    }

    [Test]
    public async Task ReceiveAsync_TamperedFrame_FailsThePipe()
    {
        var (client, serverPipe, recorder) = await ConnectPairAsync();
        await using (client)
        await using (serverPipe)
        {
            recorder.FlipNextWrite = true;
            await client.SendAsync(new byte[] { 42 });

            var error = Assert.ThrowsAsync<PipeException>(async () => await serverPipe.ReceiveAsync().AsTask().WaitAsync(TestTimeout));
            Assert.That(error!.Message, Does.Contain("authentication"));
            Assert.ThrowsAsync<PipeException>(async () => await serverPipe.ReceiveAsync());
        }
    }

    [Test]
    public async Task ReceiveAsync_ReplayedFrame_FailsThePipe()
    {
        var (client, serverPipe, recorder) = await ConnectPairAsync();
        await using (client)
        await using (serverPipe)
        {
            await client.SendAsync(new byte[] { 7 });
            Assert.That(await serverPipe.ReceiveAsync().AsTask().WaitAsync(TestTimeout), Is.EqualTo(new byte[] { 7 }));

            await recorder.Inner.WriteAsync(recorder.LastWrite);

            Assert.ThrowsAsync<PipeException>(async () => await serverPipe.ReceiveAsync().AsTask().WaitAsync(TestTimeout));
        }
    }

    [Test]
    public async Task ReceiveAsync_OversizedFrameHeader_FailsWithoutReadingBody()
    {
        var (client, serverPipe, recorder) = await ConnectPairAsync();
        await using (client)
        await using (serverPipe)
        {
            var header = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(header, 0x7FFFFFFF);
            await recorder.Inner.WriteAsync(header);

            var error = Assert.ThrowsAsync<PipeException>(async () => await serverPipe.ReceiveAsync().AsTask().WaitAsync(TestTimeout));
            Assert.That(error!.Message, Does.Contain("limit"));
        }
    }

    [Test]
    public async Task SendAsync_MessageOverLimit_Throws()
    {
        var (client, serverPipe, _) = await ConnectPairAsync(new PipeOptions { MaxFrameLength = 16 });
        await using (client)
        await using (serverPipe)
        {
            Assert.ThrowsAsync<ArgumentException>(async () => await client.SendAsync(new byte[17]));
            await client.SendAsync(new byte[16]);
            Assert.That(await serverPipe.ReceiveAsync().AsTask().WaitAsync(TestTimeout), Has.Length.EqualTo(16));
        }
    }

    [Test]
    public async Task ReceiveAsync_PeerClosesBetweenFrames_ReturnsNull()
    {
        var (client, serverPipe, _) = await ConnectPairAsync();
        await using (serverPipe)
        {
            await client.DisposeAsync();

            Assert.That(await serverPipe.ReceiveAsync().AsTask().WaitAsync(TestTimeout), Is.Null);
        }
    }

    [Test]
    public async Task Server_SlowlorisHandshake_IsClosedAfterHandshakeTimeoutAndCounted()
    {
        var timeout = TimeSpan.FromMilliseconds(300);
        await using var server = StartServer(_keys.GenerateCurve25519(), new PipeServerOptions { Pipe = new PipeOptions { HandshakeTimeout = timeout } });
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.LocalEndPoint);
        var started = System.Diagnostics.Stopwatch.StartNew();
        await socket.SendAsync(new byte[] { 0 });

        // The server must close the half-sent handshake on its own: the read ends with 0 bytes (or a reset).
        var closed = await ReadUntilClosedAsync(socket).WaitAsync(TestTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(closed, Is.True);
            Assert.That(started.Elapsed, Is.GreaterThanOrEqualTo(timeout - TimeSpan.FromMilliseconds(50)));
        });
        Assert.That(() => server.Counters[PipeServerCounter.HandshakeTimeouts], Is.EqualTo(1).After(5000, 10));
    }

    [Test]
    public async Task Server_OversizedHandshakeMessage_IsClosedAndCounted()
    {
        await using var server = StartServer(_keys.GenerateCurve25519(), new PipeServerOptions());
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.LocalEndPoint);
        await socket.SendAsync(new byte[] { 0xFF, 0xFF });

        Assert.That(await ReadUntilClosedAsync(socket).WaitAsync(TestTimeout), Is.True);
        Assert.That(() => server.Counters[PipeServerCounter.HandshakeFailures], Is.EqualTo(1).After(5000, 10));
    }

    [Test]
    public async Task Server_MoreConnectionsFromOneAddressThanAllowed_ClosesTheExtraAndCounts()
    {
        await using var server = StartServer(_keys.GenerateCurve25519(), new PipeServerOptions { MaxConnectionsPerAddress = 2 });
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                await socket.ConnectAsync(server.LocalEndPoint);
            }

            Assert.That(await ReadUntilClosedAsync(sockets[2]).WaitAsync(TestTimeout), Is.True);
            Assert.That(server.Counters[PipeServerCounter.RefusedPerAddressLimit], Is.EqualTo(1));
        }
        finally
        {
            foreach (var socket in sockets)
                socket.Dispose();
        }
    }

    private static async Task<bool> ReadUntilClosedAsync(Socket socket)
    {
        var buffer = new byte[64];
        try
        {
            while (await socket.ReceiveAsync(buffer) > 0)
            {
            }
        }
        catch (SocketException)
        {
            // A reset is a close too.
        }

        return true;
    }

    [Test]
    public async Task ReceiveAsync_NothingArrivesWithinIdleTimeout_ClosesWithAClearErrorAndThePeerSeesTheEnd()
    {
        var (client, server, _) = await ConnectPairAsync(new PipeOptions { IdleTimeout = TimeSpan.FromMilliseconds(200) });
        await using var c = client;
        await using var s = server;

        var error = Assert.ThrowsAsync<PipeException>(async () => await s.ReceiveAsync().AsTask().WaitAsync(TestTimeout));
        var peerSees = await ReadEndAsync(c);

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("idle timeout of 200 ms"));
            Assert.That(peerSees, Is.True, "the other side's receive ends (closed or reset)");
            Assert.ThrowsAsync<PipeException>(async () => await s.SendAsync(new byte[1]), "the pipe is failed for good");
        });
    }

    [Test]
    public async Task ReceiveAsync_FramesKeepArrivingWithinIdleTimeout_StaysOpen()
    {
        var (client, server, _) = await ConnectPairAsync(new PipeOptions { IdleTimeout = TimeSpan.FromSeconds(5) });
        await using var c = client;
        await using var s = server;

        for (var i = 0; i < 3; i++)
        {
            await c.SendAsync(new byte[] { (byte)i });
            var received = await s.ReceiveAsync().AsTask().WaitAsync(TestTimeout);
            Assert.That(received, Is.EqualTo(new[] { (byte)i }));
        }
    }

    [Test]
    public void IdleTimeout_ZeroOrNegative_IsRejected()
    {
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => _ = new PipeOptions { IdleTimeout = TimeSpan.Zero });
            Assert.Throws<ArgumentOutOfRangeException>(() => _ = new PipeOptions { IdleTimeout = TimeSpan.FromSeconds(-2) });
            Assert.That(new PipeOptions { IdleTimeout = Timeout.InfiniteTimeSpan }.IdleTimeout, Is.EqualTo(Timeout.InfiniteTimeSpan));
        });
    }

    private static async Task<bool> ReadEndAsync(SecurePipe pipe)
    {
        try
        {
            return await pipe.ReceiveAsync().AsTask().WaitAsync(TestTimeout) is null;
        }
        catch (Exception e) when (e is IOException or PipeException)
        {
            return true;
        }
    }

    private PipeServer StartServer(PrivateKey key, PipeServerOptions options)
    {
        var server = new PipeServer(key, _keys, [new EchoPipeHandler()], options);
        server.Start();
        return server;
    }

    private async Task<SecurePipe> Connect(IPEndPoint endPoint, PrivateKey clientKey, Ipv8.Keys.PublicKey expected, string protocol)
    {
        var client = new TcpClient();
        await client.ConnectAsync(endPoint);
        return await PipeHandshake.InitiateAsync(client.GetStream(), clientKey, expected, protocol, ReadOnlyMemory<byte>.Empty, _keys, new PipeOptions(), endPoint, CancellationToken.None).WaitAsync(TestTimeout);
    }

    private async Task<(SecurePipe Client, SecurePipe Server, RecordingStream Recorder)> ConnectPairAsync(PipeOptions? options = null)
    {
        options ??= new PipeOptions();
        var serverKey = _keys.GenerateCurve25519();
        var clientKey = _keys.GenerateCurve25519();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var acceptTask = Task.Run(async () =>
            {
                var socket = await listener.AcceptSocketAsync();
                return await PipeHandshake.AcceptAsync(new NetworkStream(socket, true), serverKey, _keys, options, (_, _, _) => null, null, CancellationToken.None);
            });
            var client = new TcpClient();
            await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
            var recorder = new RecordingStream(client.GetStream());
            var clientPipe = await PipeHandshake.InitiateAsync(recorder, clientKey, serverKey.PublicKey, "test", ReadOnlyMemory<byte>.Empty, _keys, options, null, CancellationToken.None).WaitAsync(TestTimeout);
            var serverPipe = await acceptTask.WaitAsync(TestTimeout);
            Assert.That(serverPipe.RemoteKey, Is.EqualTo(clientKey.PublicKey));
            return (clientPipe, serverPipe, recorder);
        }
        finally
        {
            listener.Stop();
        }
    }
}
