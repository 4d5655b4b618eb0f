using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Tracker;

namespace Ipv8.Benchmarks.Tracker;

/// <summary>
/// Tracker throughput on real UDP loopback (not a test): a <see cref="TrackerHost"/> on 127.0.0.1 (in this process) and
/// K <see cref="TrackerUdpClient"/>s (distinct source ports, each a proven peer of one community) keeping a window of
/// introduction-requests in flight. Reports the answered introduction-requests per second (introduction-responses the
/// clients received), the tracker's own counters and the CPU used by the whole process (tracker and clients share the cores).
/// The per-address rate limit is raised for the run (default 1e9/s; <c>--rate default</c> keeps TrackerOptions' 5/s, burst 10).
/// Usage: <c>dotnet run -c Release --project tests/Ipv8.Benchmarks -- tracker-udp [--seconds 10] [--clients 16] [--window 4]
/// [--rate 1e9|default] [--tracker-key very-low|curve25519|...] [--spread false|true]</c>. With <c>--spread true</c> every client
/// binds its own 127.x.y.1 address, so the unproven-source limit per /24 applies per client (all of 127.0.0.0/8 is loopback).
/// </summary>
internal static class TrackerUdpBenchmark
{
    private static readonly byte[] CommunityId = SHA256.HashData("launcher tracker benchmark"u8)[..20];

    public static void Run(string[] args)
    {
        var seconds = 10.0;
        var clients = 16;
        var window = 4;
        string rate = "1e9";
        var trackerKey = "very-low";
        var spread = false;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--seconds":
                    seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--clients":
                    clients = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--window":
                    window = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--rate":
                    rate = args[i + 1];
                    break;
                case "--tracker-key":
                    trackerKey = args[i + 1];
                    break;
                case "--spread":
                    spread = args[i + 1] == "true";
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}; known: --seconds, --clients, --window, --rate (N|default), --tracker-key, --spread (true|false).");
            }
        }

        var defaults = new TrackerOptions();
        var options = rate == "default"
            ? defaults with { KeyLevel = trackerKey }
            : defaults with
            {
                KeyLevel = trackerKey,
                RequestsPerSecondPerAddress = double.Parse(rate, CultureInfo.InvariantCulture),
                RequestBurstPerAddress = Math.Max(defaults.RequestBurstPerAddress, window * 4),
            };
        RunAsync(options, seconds, clients, window, spread).GetAwaiter().GetResult();
    }

    private static async Task RunAsync(TrackerOptions trackerOptions, double seconds, int clientCount, int window, bool spread)
    {
        var keys = new KeyFactory();
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource<TrackerService>(TaskCreationOptions.RunContinuationsAsynchronously);
        var hostOptions = new TrackerHostOptions { ListenAddress = IPAddress.Loopback, ListenPort = 0, Tracker = trackerOptions };
        var run = new TrackerHost(keys).RunAsync(hostOptions, t => started.SetResult(t), stop.Token);
        var tracker = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var trackerAddress = tracker.Endpoint.LocalAddress;
        var prefix = CommunityPrefix.Create(CommunityId);

        var clients = new List<TrackerUdpClient>();
        try
        {
            for (var i = 0; i < clientCount; i++)
            {
                // --spread: client i binds 127.(1 + i / 250).(i % 250).1, so clients are in different /24s (the tracker limits
                // unproven sources per /24 too); otherwise all bind 127.0.0.1.
                var bind = spread ? new IPAddress([127, (byte)(1 + (i / 250)), (byte)(i % 250), 1]) : IPAddress.Loopback;
                clients.Add(new TrackerUdpClient(keys, keys.Generate(KeyFactory.Curve25519), prefix.Bytes, trackerAddress, window, bind));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"tracker-udp: tracker on {trackerAddress} (key {trackerOptions.KeyLevel}, signature backend {keys.Backend.Name}), {clientCount} clients x window {window}{(spread ? " (one /24 each)" : " (all 127.0.0.1)")}, requests {clients[0].RequestSize} B (curve25519), per-address limit {trackerOptions.RequestsPerSecondPerAddress:G}/s burst {trackerOptions.RequestBurstPerAddress:G}; {Environment.ProcessorCount} cores; {LoadAverage()}"));

            // Prove every source address first (request -> proof ping -> signed 245 -> introduction-response).
            foreach (var client in clients)
            {
                client.Start();
            }

            var proving = Stopwatch.StartNew();
            while (clients.Any(c => c.Answered == 0) && proving.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(20);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"proven: {tracker.Counters[TrackerCounter.AddressesProven]}/{clientCount} addresses in {proving.Elapsed.TotalMilliseconds:F0} ms; registered peers {tracker.PeerCount}"));

            foreach (var client in clients)
            {
                client.Flood();
            }

            await Task.Delay(TimeSpan.FromSeconds(1)); // warm-up (JIT, tier-up)
            var before = Snapshot(tracker, clients);
            var wall = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            var after = Snapshot(tracker, clients);
            var elapsed = wall.Elapsed.TotalSeconds;

            var answered = (after.Answered - before.Answered) / elapsed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"measured {elapsed:F1} s:"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  answered introduction-requests/s (responses received by clients): {answered:F0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  tracker: requests accepted/s {(after.Requests - before.Requests) / elapsed:F0}, introduction-responses sent/s {(after.Responses - before.Responses) / elapsed:F0}, puncture-requests sent/s {(after.Punctures - before.Punctures) / elapsed:F0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  tracker drops in window: {after.Drops - before.Drops} ({string.Join(", ", tracker.Counters.Drops.NonZero().Where(p => p.Value > 0).Select(p => $"{p.Key} {p.Value}"))} in total); send failures {after.SendFailures - before.SendFailures}; client window re-sends {after.Resends - before.Resends}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  process CPU {(after.Cpu - before.Cpu).TotalSeconds / elapsed * 100:F0} % of one core (tracker + {clientCount} clients); {(after.Cpu - before.Cpu).TotalMicroseconds / Math.Max(1, after.Answered - before.Answered):F0} µs CPU per answered request; {LoadAverage()}"));
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }

            await stop.CancelAsync();
            await run;
        }
    }

    private static Sample Snapshot(TrackerService tracker, List<TrackerUdpClient> clients) => new(
        clients.Sum(c => c.Answered),
        tracker.Counters[TrackerCounter.RequestsReceived],
        tracker.Counters[TrackerCounter.IntroductionResponsesSent],
        tracker.Counters[TrackerCounter.PunctureRequestsSent],
        tracker.Counters.Drops.Total,
        tracker.Counters[TrackerCounter.SendFailures],
        clients.Sum(c => c.Resends),
        Process.GetCurrentProcess().TotalProcessorTime);

    private static string LoadAverage()
    {
        try
        {
            return "loadavg " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "loadavg n/a";
        }
    }

    private sealed record Sample(long Answered, long Requests, long Responses, long Punctures, long Drops, long SendFailures, long Resends, TimeSpan Cpu);
}
