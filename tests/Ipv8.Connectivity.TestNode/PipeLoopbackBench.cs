using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Ipv8.Connectivity.Pipes;

namespace Ipv8.Connectivity.TestNode;

/// <summary>Pipe throughput and round trip against plain TCP on 127.0.0.1, and the handshake's cost, in one run.</summary>
public static class PipeLoopbackBench
{
    /// <summary>Runs the measurements and returns a Markdown table.</summary>
    public static async Task<string> RunAsync(int megabytes, int roundTrips, int handshakes)
    {
        var keys = TestbedNode.Keys;
        var serverKey = keys.GenerateCurve25519();
        var clientKey = keys.GenerateCurve25519();
        var options = new PipeOptions();
        var chunk = new byte[options.MaxFrameLength];
        var small = new byte[64];
        var total = (long)megabytes * 1024 * 1024;

        // Plain TCP.
        var (a, b) = await PairAsync();
        using (a)
        using (b)
        {
            var receive = Task.Run(async () =>
            {
                var buffer = new byte[chunk.Length];
                long got = 0;
                while (got < total)
                    got += await b.ReceiveAsync(buffer, SocketFlags.None);
            });
            var watch = Stopwatch.StartNew();
            for (long sent = 0; sent < total; sent += chunk.Length)
                await a.SendAsync(chunk, SocketFlags.None);
            await receive;
            var tcpMbps = total / 1048576.0 / watch.Elapsed.TotalSeconds;
            var echo = Task.Run(async () =>
            {
                var buffer = new byte[small.Length];
                for (var i = 0; i < roundTrips; i++)
                {
                    var got = 0;
                    while (got < small.Length)
                        got += await b.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None);
                    await b.SendAsync(buffer, SocketFlags.None);
                }
            });
            var rtts = new List<double>(roundTrips);
            var reply = new byte[small.Length];
            for (var i = 0; i < roundTrips; i++)
            {
                var t = Stopwatch.GetTimestamp();
                await a.SendAsync(small, SocketFlags.None);
                var got = 0;
                while (got < reply.Length)
                    got += await a.ReceiveAsync(reply.AsMemory(got), SocketFlags.None);
                rtts.Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
            }

            await echo;
            TcpLine = Row("plain TCP", tcpMbps, rtts);
        }

        // The pipe over the same kind of connection.
        var (c, d) = await PairAsync();
        var accept = PipeHandshake.AcceptAsync(new NetworkStream(d, true), serverKey, keys, options, (_, _, _) => null, null, CancellationToken.None);
        await using var client = await PipeHandshake.InitiateAsync(new NetworkStream(c, true), clientKey, serverKey.PublicKey, "bench", ReadOnlyMemory<byte>.Empty, keys, options, null, CancellationToken.None);
        await using var server = await accept;
        var pipeReceive = Task.Run(async () =>
        {
            long got = 0;
            while (got < total)
                got += (await server.ReceiveAsync())!.Length;
        });
        var pipeWatch = Stopwatch.StartNew();
        for (long sent = 0; sent < total; sent += chunk.Length)
            await client.SendAsync(chunk);
        await pipeReceive;
        var pipeMbps = total / 1048576.0 / pipeWatch.Elapsed.TotalSeconds;
        var pipeEcho = Task.Run(async () =>
        {
            for (var i = 0; i < roundTrips; i++)
                await server.SendAsync((await server.ReceiveAsync())!);
        });
        var pipeRtts = new List<double>(roundTrips);
        for (var i = 0; i < roundTrips; i++)
        {
            var t = Stopwatch.GetTimestamp();
            await client.SendAsync(small);
            await client.ReceiveAsync();
            pipeRtts.Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
        }

        await pipeEcho;
        var pipeLine = Row("SecurePipe (64 KiB frames)", pipeMbps, pipeRtts);

        // Handshakes: TCP connect plus both sides' handshake, one after another.
        var handshakeMs = new List<double>(handshakes);
        for (var i = 0; i < handshakes; i++)
        {
            var t = Stopwatch.GetTimestamp();
            var (x, y) = await PairAsync();
            var accepted = PipeHandshake.AcceptAsync(new NetworkStream(y, true), serverKey, keys, options, (_, _, _) => null, null, CancellationToken.None);
            await using var initiated = await PipeHandshake.InitiateAsync(new NetworkStream(x, true), clientKey, serverKey.PublicKey, "bench", ReadOnlyMemory<byte>.Empty, keys, options, null, CancellationToken.None);
            await using var done = await accepted;
            handshakeMs.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        handshakeMs.Sort();
        return string.Join(Environment.NewLine,
            "| over 127.0.0.1 | throughput | round trip, 64 B, p50 / p95 |",
            "|---|---|---|",
            TcpLine,
            pipeLine,
            string.Create(CultureInfo.InvariantCulture, $"\nHandshake (TCP connect + both sides, {handshakes} in a row): p50 {handshakeMs[handshakeMs.Count / 2]:0.00} ms, p95 {handshakeMs[(int)(handshakeMs.Count * 0.95)]:0.00} ms."));
    }

    private static string TcpLine { get; set; } = string.Empty;

    private static string Row(string name, double mbps, List<double> rtts)
    {
        rtts.Sort();
        return string.Create(CultureInfo.InvariantCulture, $"| {name} | {mbps:0} MB/s | {rtts[rtts.Count / 2]:0} µs / {rtts[(int)(rtts.Count * 0.95)]:0} µs |");
    }

    private static async Task<(Socket Client, Socket Server)> PairAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accept = listener.AcceptAsync();
        await client.ConnectAsync(listener.LocalEndPoint!);
        var server = await accept;
        server.NoDelay = true;
        return (client, server);
    }
}
