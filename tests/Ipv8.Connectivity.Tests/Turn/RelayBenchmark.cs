using System.Diagnostics;
using System.Security.Cryptography;
using Ipv8.Connectivity.Ladder;
using Ipv8.Connectivity.Pipes;
using Ipv8.Connectivity.Turn;
using Ipv8.Keys;

namespace Ipv8.Connectivity.Tests.Turn;

/// <summary>
/// Relayed pipe against a direct pipe on loopback, in one run: time to a pipe (p50/p95 over 20 connects),
/// throughput (32 MiB, hashed by the peer) and echo round-trip time (p50/p95 over 200). Explicit: run with
/// <c>dotnet test tests/Ipv8.Connectivity.Tests -c Release --filter "FullyQualifiedName~RelayBenchmark" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Explicit("benchmark; prints figures for docs/benchmarks.md")]
public class RelayBenchmark
{
    private const int Connects = 20;
    private const int RoundTrips = 200;
    private const int MessageSize = 60 * 1024;

    [Test]
    public async Task RelayVersusDirect_ConnectThroughputLatency_Printed()
    {
        await using var coturn = await CoturnServer.StartAsync();
        var keys = new KeyFactory();
        var hub = new InMemorySignallingHub();
        var relay = new RelayRungOptions { Servers = [new TurnServer(coturn.EndPoint, TurnCredentials.LongTerm(CoturnServer.User, CoturnServer.Password))] };
        await using var a = new RelayNode(keys, hub, new ConnectorOptions { Methods = [RelayRung.MethodName] }, relay);
        await using var b = new RelayNode(keys, hub, new ConnectorOptions { Methods = [RelayRung.MethodName] }, relay, openPort: true);
        await using var aDirect = new RelayNode(keys, hub, new ConnectorOptions { Methods = [DirectRung.MethodName] }, relay);

        foreach (var (name, node) in new[] { ("direct", aDirect), ("relay", a) })
        {
            var connectTimes = new List<double>();
            for (var i = 0; i < Connects; i++)
            {
                var result = await node.Connector.ConnectAsync(b.Record, EchoPipeHandler.Name, CancellationToken.None);
                connectTimes.Add(result.Elapsed.TotalMilliseconds);
                Assert.That(result.Method, Is.EqualTo(name));
                await result.Pipe.DisposeAsync();
            }

            var echo = await node.Connector.ConnectAsync(b.Record, EchoPipeHandler.Name, CancellationToken.None);
            await using var echoPipe = echo.Pipe;
            var rtts = new List<double>();
            var ping = new byte[32];
            for (var i = 0; i < RoundTrips; i++)
            {
                var watch = Stopwatch.StartNew();
                await echoPipe.SendAsync(ping);
                _ = await echoPipe.ReceiveAsync();
                rtts.Add(watch.Elapsed.TotalMilliseconds);
            }

            var sink = await node.Connector.ConnectAsync(b.Record, HashSinkHandler.Name, CancellationToken.None);
            await using var sinkPipe = sink.Pipe;
            var data = RandomNumberGenerator.GetBytes(32 * 1024 * 1024);
            var transfer = Stopwatch.StartNew();
            for (var offset = 0; offset < data.Length; offset += MessageSize)
                await sinkPipe.SendAsync(data.AsMemory(offset, Math.Min(MessageSize, data.Length - offset)));
            await sinkPipe.SendAsync(ReadOnlyMemory<byte>.Empty);
            var digest = await sinkPipe.ReceiveAsync();
            transfer.Stop();
            Assert.That(digest, Is.EqualTo(SHA256.HashData(data)));

            await TestContext.Out.WriteLineAsync(
                $"{name}: connect p50 {Percentile(connectTimes, 50):0.0} ms p95 {Percentile(connectTimes, 95):0.0} ms; " +
                $"echo RTT p50 {Percentile(rtts, 50):0.000} ms p95 {Percentile(rtts, 95):0.000} ms; " +
                $"throughput {data.Length / 1048576.0 / transfer.Elapsed.TotalSeconds:0.0} MiB/s (32 MiB in {transfer.ElapsedMilliseconds} ms)");
        }
    }

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }
}
