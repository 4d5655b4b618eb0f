using System.Diagnostics;
using System.Net;
using System.Text;
using Ipv8.Connectivity.Ladder;
using Ipv8.Connectivity.Reachability;
using Ipv8.Connectivity.TestNode;
using Ipv8.Messaging;

// The testbed's node program. Every command ends by itself after --lifetime seconds (default 60), or earlier when its
// standard input closes (the fixture closes it in teardown), so a crashed test run leaves no process behind.
//   stun    --ip A --alt-ip B --port 3478 --alt-port 3479 --introducer-port 7000   STUN responder + signalling introducer
//   serve   --ip IP --stun A:P,... --introducer A:7000 [--methods ..]               prints NAT and RECORD, then serves
//   connect --ip IP --stun .. --introducer .. --record HEX --count N [--methods m1,m2 --budgets-ms b1,b2]
//           connects N times, echoes, prints one RESULT JSON line per connect; exit 0 when all got their echo
//           [--round-trips N]   then N echo round trips on the last pipe, RTT p50/p95 in an RTT line
//           [--send-mb N [--send-seconds S] [--progress-mb M]]   then N MiB of random data to the peer's sha256-sink
//           (spread over S seconds when given, a PROGRESS line every M MiB), checked by SHA-256: a TRANSFER line, or
//           TRANSFER-FAILED with the error when the pipe breaks
//   relay options (serve and connect): --turn IP:PORT (--turn-user U --turn-password-file F | --turn-secret-file F)
//           [--turn-lifetime-s N] [--accept-relay IP]; TURN log events are printed as "TURN ..." lines
//   turn    --turnserver PATH --config FILE --listen IP:PORT   coturn as a child, killed with this program; READY when it answers
//   pipe-bench [--megabytes 512 --round-trips 2000 --handshakes 200]   SecurePipe vs plain TCP on 127.0.0.1
//   bench   [--count 20 --methods direct,reverse,tcp_punch,relay --budgets-ms 1000,1000,5000,10000 --megabytes 64
//           --round-trips 200 --lifetime 1800]   (root; coturn for relay) builds the testbed, prints the NAT-pair × rung
//           table, then round trips and throughput of one pipe per winning rung
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: stun|serve|connect --name value ...");
    return 2;
}

var options = new Arguments(args);
using var lifetime = new CancellationTokenSource(options.Lifetime);
var stdinClosed = args[0] is "bench" or "pipe-bench" ? Task.CompletedTask : Task.Run(async () =>
{
    await Console.In.ReadToEndAsync(lifetime.Token).ConfigureAwait(false);
    await lifetime.CancelAsync().ConfigureAwait(false);
});
Console.Out.Flush();
try
{
    switch (args[0])
    {
        case "stun":
        {
            var primary = options.GetIp("ip");
            var stun = new TestStunServer(primary, options.GetIp("alt-ip"), options.GetInt("port", 3478), options.GetInt("alt-port", 3479)).RunAsync(lifetime.Token);
            var endpoint = new UdpEndpoint(UdpEndpointOptions.Bind(primary, options.GetInt("introducer-port", 7000)));
            await endpoint.OpenAsync(lifetime.Token);
            var introducer = TestbedNode.CreateCommunity(TestbedNode.Keys.GenerateCurve25519(), endpoint, maxPeers: 1000);
            Line("READY");
            await stun;
            await introducer.UnloadAsync();
            await endpoint.DisposeAsync();
            return 0;
        }

        case "serve":
        {
            await using var node = await TestbedNode.StartAsync(options, lifetime.Token);
            Line($"NAT {node.Nat.Class}");
            Line($"RECORD {Convert.ToHexString(node.Record.Encode())}");
            await Task.Delay(Timeout.InfiniteTimeSpan, lifetime.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return 0;
        }

        case "connect":
        {
            await using var node = await TestbedNode.StartAsync(options, lifetime.Token);
            Line($"NAT {node.Nat.Class}");
            if (!ReachabilityRecord.TryDecode(Convert.FromHexString(options.Get("record")), TestbedNode.Keys, DateTimeOffset.UtcNow, out var remote, out var error))
            {
                Line($"ERROR bad --record: {error}");
                return 2;
            }

            var failures = 0;
            for (var i = 0; i < options.GetInt("count", 1); i++)
                failures += await ConnectOnceAsync(node, remote, i, options.GetInt("round-trips", 0), lifetime.Token) ? 0 : 1;
            if (options.GetInt("send-mb", 0) > 0)
                failures += await PipeTransfer.RunAsync(node.Connector, remote, options, lifetime.Token) ? 0 : 1;
            return failures == 0 ? 0 : 1;
        }

        case "bench":
        {
            if (NatTestbed.Unavailable() is { } reason)
            {
                Line($"ERROR {reason}");
                return 2;
            }

            var table = await TestbedBench.RunAsync(typeof(NatTestbed).Assembly.Location, options.GetInt("count", 20), options.Get("methods", "direct,reverse,tcp_punch,relay"),
                options.Get("budgets-ms", "1000,1000,5000,10000"), options.GetInt("megabytes", 64), options.GetInt("round-trips", 200), Console.Out);
            Console.Out.WriteLine();
            Console.Out.WriteLine(table);
            return 0;
        }

        case "turn":
            return await TurnServerHost.RunAsync(options.Get("turnserver"), options.Get("config"), IPEndPoint.Parse(options.Get("listen")), options.Lifetime, lifetime.Token);

        case "pipe-bench":
            Console.Out.WriteLine(await PipeLoopbackBench.RunAsync(options.GetInt("megabytes", 512), options.GetInt("round-trips", 2000), options.GetInt("handshakes", 200)));
            return 0;

        default:
            Console.Error.WriteLine($"unknown command '{args[0]}'");
            return 2;
    }
}
catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
{
    Line("ERROR lifetime over");
    return 3;
}
finally
{
    _ = stdinClosed;
}

static async Task<bool> ConnectOnceAsync(TestbedNode node, ReachabilityRecord remote, int index, int roundTrips, CancellationToken cancellationToken)
{
    var watch = Stopwatch.StartNew();
    try
    {
        var result = await node.Connector.ConnectAsync(remote, "echo", cancellationToken);
        await using var pipe = result.Pipe;
        var message = $"hello {index}";
        await pipe.SendAsync(Encoding.UTF8.GetBytes(message), cancellationToken);
        var reply = await pipe.ReceiveAsync(cancellationToken);
        var text = reply is null ? string.Empty : Encoding.UTF8.GetString(reply);
        Line("RESULT " + PipeTransfer.ResultJson(result.Method, result.Elapsed, text, result.Attempts));
        if (roundTrips > 0)
            Line("RTT " + await PipeTransfer.RoundTripsAsync(pipe, roundTrips, cancellationToken));
        return text == message;
    }
    catch (ConnectionFailedException e)
    {
        Line("RESULT " + PipeTransfer.ResultJson("none", watch.Elapsed, string.Empty, e.Attempts));
        return false;
    }
}

static void Line(string text) => Output.Line(text);
