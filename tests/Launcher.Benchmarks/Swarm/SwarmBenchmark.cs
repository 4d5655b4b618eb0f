using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Launcher.Benchmarks.Swarm;

/// <summary>
/// Mode <c>swarm</c>: N peers and a tracker in one process on 127.0.0.1 (the repository's overlays.yaml with
/// <c>instances: N</c>, walker_interval 0.5, RandomWalk peers 20, trust on by default), for each N of <c>--peers</c>
/// (default 10,50,100,200):
/// <list type="bullet">
/// <item>time-to-k: a <c>swarm-node</c> child process (<see cref="SwarmNode"/>: the launcher pipeline with an event probe)
/// gives each instance's time from its start to k verified peers; printed as p50 / p95 over the instances for k = 1..10
/// (k ≤ N-1), unreached counted as infinite;</item>
/// <item>politeness: the introduction-requests one of ours sent to one destination per second over the last
/// <c>--window</c> seconds (mean and max over the pairs), and per sender (all destinations);</item>
/// <item>memory: the RSS of a real <c>launcher run --quiet</c> of the same file after <c>--rss-seconds</c> (default 20).</item>
/// </list>
/// Options: <c>--peers 10,50</c>, <c>--runs R</c> (child runs per N, instances pooled; default 1), <c>--seconds S</c>
/// (child run length, default 30), <c>--window W</c> (default 10), <c>--rss-seconds</c>, <c>--cli PATH</c>,
/// <c>--env NAME=VALUE</c>, <c>--walker "eager_walks: 0"</c> and <c>--bootstrapper "peerless_retry: 0"</c> (extra <c>init</c>
/// settings, comma-separated), <c>--tracker-limits "prefix_requests_per_second: 1000"</c> (the hosted tracker's
/// <c>limits</c>, a diagnostic), <c>--trace K</c> (per run: how the last peer was reached, and the K slowest instances'
/// timelines, see <see cref="SwarmTrace"/>). The load average is printed beside every figure.
/// </summary>
internal static class SwarmBenchmark
{
    public static async Task RunAsync(BenchOptions options)
    {
        var sizes = (options.String("peers") ?? "10,50,100,200").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var runs = options.Int("runs", 1);
        var seconds = options.Int("seconds", 30);
        var window = options.Int("window", 10);
        var rssSeconds = options.Int("rss-seconds", 20);
        var cli = Path.GetFullPath(options.String("cli") ?? CliRunner.DefaultCliPath);
        var template = await File.ReadAllTextAsync(Path.Combine(CliRunner.RepositoryRoot(), "overlays.yaml"));
        var directory = Directory.CreateTempSubdirectory("swarm-bench-");
        try
        {
            Console.WriteLine($"swarm: {Environment.ProcessorCount} cores; child runs of {seconds} s, politeness window {window} s, RSS after {rssSeconds} s; {Stats.LoadAverage()}");
            var rss = new Dictionary<int, long>();
            foreach (var n in sizes)
            {
                var config = Path.Combine(directory.FullName, $"swarm-{n}.yaml");
                await File.WriteAllTextAsync(config, Configure(template, n, FreeUdpPort(), options.String("walker"), options.String("bootstrapper"), options.String("tracker-limits")));
                var results = new List<SwarmNodeResult>();
                for (var run = 0; run < runs; run++)
                {
                    results.Add(await RunNodeAsync(config, seconds, window, options.Int("trace", 0), options.Environment));
                }

                rss[n] = rssSeconds > 0 ? await MeasureRssAsync(cli, config, rssSeconds, options.Environment) : -1;
                Print(n, results, rss[n], options);
            }

            if (rss.Count >= 2 && rss.Values.All(v => v > 0))
            {
                var low = rss.Keys.Min();
                var high = rss.Keys.Max();
                var perInstance = (rss[high] - rss[low]) / (double)(high - low);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"launcher run RSS per extra instance (N={low} -> {high}): {perInstance:F1} KB; {Stats.LoadAverage()}"));
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The repository's overlays.yaml with <c>instances: N</c>, the tracker (and the bootstrapper's address) on
    /// <paramref name="port"/>, and extra <c>init</c> settings (<c>key: value</c>, comma-separated) for the walker and the
    /// bootstrapper (e.g. <c>eager_walks: 0</c>, <c>peerless_retry: 0</c>), when given.
    /// </summary>
    internal static string Configure(string template, int instances, int port, string? walkerInit = null, string? bootstrapperInit = null, string? trackerLimits = null)
    {
        var portText = port.ToString(CultureInfo.InvariantCulture);
        const string WalkerAnchor = "          timeout: 3.0";
        const string BootstrapperAnchor = "          bootstrap_timeout: 5.0";
        var text = template.Replace("instances: 5", $"instances: {instances}", StringComparison.Ordinal)
            .Replace("18090", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace(WalkerAnchor, WalkerAnchor + Lines(walkerInit), StringComparison.Ordinal)
            .Replace(BootstrapperAnchor, BootstrapperAnchor + Lines(bootstrapperInit), StringComparison.Ordinal)
            .Replace($"  port: {portText}\n", trackerLimits is null ? $"  port: {portText}\n" : $"  port: {portText}\n  limits:{Lines(trackerLimits, "    ")}\n", StringComparison.Ordinal);
        return text.Contains($"instances: {instances}", StringComparison.Ordinal) && text.Contains(WalkerAnchor, StringComparison.Ordinal) && text.Contains(BootstrapperAnchor, StringComparison.Ordinal)
            ? text
            : throw new InvalidOperationException("overlays.yaml no longer says 'instances: 5', 'timeout: 3.0' and 'bootstrap_timeout: 5.0'; update SwarmBenchmark.Configure");

        static string Lines(string? settings, string indent = "          ") => settings is null ? "" : string.Concat(settings.Split(',').Select(s => "\n" + indent + s.Trim()));
    }

    private static void Print(int n, List<SwarmNodeResult> results, long rssKb, BenchOptions options)
    {
        var load = Stats.LoadAverage();
        var instances = results.SelectMany(r => r.TimeToK).ToList();
        var target = Math.Min(n - 1, SwarmNode.MaxK);
        var line = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"N={n}: {instances.Count} instances; time to k peers p50/p95 (s):"));
        for (var k = 1; k <= target; k++)
        {
            var times = instances.Select(t => t[k - 1] ?? double.PositiveInfinity).Order().ToArray();
            line.Append(string.Create(CultureInfo.InvariantCulture, $" k={k} {Format(Percentile(times, 0.5))}/{Format(Percentile(times, 0.95))}"));
        }

        Console.WriteLine(line);
        var goal = instances.Select(t => t[target - 1] ?? double.PositiveInfinity).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"N={n}: k=min(N-1,10)={target}: p50 {Format(Percentile(goal, 0.5))} s, p95 {Format(Percentile(goal, 0.95))} s, reached by {goal.Count(double.IsFinite)}/{goal.Length}; mean peers at end {results.SelectMany(r => r.PeerCountsAtEnd).Average():F1}; {load}"));
        foreach (var trace in results.SelectMany(r => r.Trace))
        {
            Console.WriteLine($"N={n}: {trace}");
        }

        var windowSeconds = results.Average(r => r.WindowSeconds);
        var pairs = results.SelectMany(r => r.RequestsPerPair).ToArray();
        var senders = results.SelectMany(r => r.RequestsPerSender).ToArray();
        if (pairs.Length > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"N={n}: intro-requests from one of ours to one peer (last {windowSeconds:F1} s): mean {pairs.Average() / windowSeconds:F3}/s, max {pairs.Max() / windowSeconds:F2}/s over {pairs.Length} pairs; per sender (all peers) mean {senders.Sum() / (double)results.Sum(r => r.Instances) / windowSeconds:F2}/s, max {senders.Max() / windowSeconds:F2}/s; over every (instance, its peer) pair, silent ones included: {pairs.Sum() / (double)results.SelectMany(r => r.PeerCountsAtEnd).Sum() / windowSeconds:F3}/s"));
        }
        else
        {
            Console.WriteLine($"N={n}: no introduction-request to a peer in the last {windowSeconds:F1} s (every instance at its walk target)");
        }

        if (options.String("verbose") is "true")
        {
            foreach (var result in results)
            {
                Console.WriteLine($"N={n}: tracker " + string.Join(' ', result.TrackerCounters.Select(c => $"{c.Key}={c.Value}")));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"N={n}: probe process RSS {results.Average(r => r.RssKb) / 1024.0:F1} MB, managed heap {results.Average(r => r.ManagedHeapKb) / 1024.0:F1} MB; launcher run --quiet RSS {rssKb / 1024.0:F1} MB; {load}"));
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string Format(double seconds) => double.IsFinite(seconds) ? seconds.ToString("F2", CultureInfo.InvariantCulture) : "∞";

    private static async Task<SwarmNodeResult> RunNodeAsync(string config, int seconds, int window, int trace, IEnumerable<KeyValuePair<string, string>> environment)
    {
        var output = Path.ChangeExtension(config, ".json");
        var self = typeof(SwarmBenchmark).Assembly.Location;
        string[] arguments = ["swarm-node", "--config", config, "--out", output, "--seconds", seconds.ToString(CultureInfo.InvariantCulture), "--window", window.ToString(CultureInfo.InvariantCulture), "--trace", trace.ToString(CultureInfo.InvariantCulture)];
        for (var attempt = 1; ; attempt++)
        {
            File.Delete(output);
            try
            {
                await CliRunner.TimeAsync(self, arguments, Path.GetDirectoryName(config)!, null, environment, TimeSpan.FromSeconds(seconds + 60));
                return JsonSerializer.Deserialize<SwarmNodeResult>(await File.ReadAllTextAsync(output)) ?? throw new InvalidDataException("empty swarm-node result");
            }
            catch (Exception ex) when (attempt < 2 && ex is TimeoutException or FileNotFoundException)
            {
                // Seen on the shared machine: a child that hung or exited without a result; one retry, and it is said.
                Console.WriteLine($"swarm-node run failed ({ex.GetType().Name}: {ex.Message.Split('\n')[0]}); running it again; {Stats.LoadAverage()}");
            }
        }
    }

    /// <summary>Starts <c>launcher run FILE --quiet</c>, waits <paramref name="seconds"/>, reads its VmRSS (KB) and kills it.</summary>
    private static async Task<long> MeasureRssAsync(string cli, string config, int seconds, IEnumerable<KeyValuePair<string, string>> environment)
    {
        var start = cli.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? new ProcessStartInfo(CliRunner.DotnetHost()) { ArgumentList = { cli } } : new ProcessStartInfo(cli);
        foreach (var argument in new[] { "run", config, "--quiet", "--duration", $"{seconds + 30}s" })
        {
            start.ArgumentList.Add(argument);
        }

        start.WorkingDirectory = Path.GetDirectoryName(config)!;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("launcher run did not start");
        var drainOut = process.StandardOutput.ReadToEndAsync();
        var drainErr = process.StandardError.ReadToEndAsync();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var rss = process.HasExited ? -1 : SwarmNode.ReadStatusKb("VmRSS", process.Id);
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        await Task.WhenAll(drainOut, drainErr);
        return rss;
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
