using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ipv8.Communities;
using Ipv8.Messaging;
using Launcher.Hosting;
using Launchers.Builtin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Launcher.Benchmarks.Swarm;

/// <summary>
/// The child process of <see cref="SwarmBenchmark"/> (mode <c>swarm-node</c>): runs a configuration through the same
/// pipeline as <c>launcher run</c> (<c>AddOverlayLauncher</c>, real UDP sockets, the hosted tracker), with a probe that
/// costs one event handler per instance: the time from each instance's start (its HostStarted) until its overlay first
/// holds k verified peers, k = 1..10 (from <c>Network.PeerAdded</c>, exact times), and the introduction-requests each
/// instance sends to each destination during the last <c>--window</c> seconds. Writes <see cref="SwarmNodeResult"/> as
/// JSON to <c>--out</c>.
/// </summary>
internal static class SwarmNode
{
    public const int MaxK = 10;

    public static async Task RunAsync(BenchOptions options)
    {
        var config = options.String("config") ?? throw new ArgumentException("--config is required");
        var output = options.String("out") ?? throw new ArgumentException("--out is required");
        var seconds = options.Int("seconds", 30);
        var window = options.Int("window", 10);
        var counter = new IntroductionRequestCounter();
        var traced = options.Int("trace", 0);
        var clock = Stopwatch.StartNew();
        var trace = traced > 0 ? new SwarmTrace(clock) : null;
        var services = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(sp => new OverlayHostOptions
            {
                LoggerFactory = NullLoggerFactory.Instance,
                BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(config)) ?? ".",
                // The container's factory, as launcher run: every instance's socket (and the tracker's) on its one receive loop.
                EndpointFactory = interfaces => new CountingEndpoint(sp.GetRequiredService<UdpEndpointFactory>().Create(interfaces), counter, trace),
            })
            .AddOverlayLauncher(builder => builder.AddAssemblies(typeof(Community).Assembly, typeof(GenericOverlay).Assembly).AddFile(config));
        await using var provider = services.BuildServiceProvider();
        var launcher = provider.GetRequiredService<IOverlayLauncherService>();
        var instances = new List<InstanceProbe>();
        launcher.HostStarted += (_, started) =>
        {
            var community = started.Host.Overlays[0].Community;
            var probe = new InstanceProbe(started.Instance, clock.Elapsed.TotalSeconds, started.Host.Endpoint?.LocalAddress ?? default);
            lock (instances)
            {
                instances.Add(probe);
            }

            void Observe()
            {
                // PeerAdded fires before the overlay records the peer's service, so PeerCount would lag by the new peer; this
                // host runs this one overlay, so its network's verified peers are the overlay's peers.
                var count = Math.Max(community.PeerCount, community.Network.VerifiedPeerCount);
                var now = clock.Elapsed.TotalSeconds;
                for (var k = 1; k <= Math.Min(count, MaxK); k++)
                {
                    probe.TimeToK[k - 1] ??= now - probe.StartedAt;
                }
            }

            lock (community.Network.SyncRoot)
            {
                community.Network.PeerAdded += (_, _) => Observe();
                if (trace is not null)
                {
                    community.Network.PeerAdded += (_, peer) => trace.Added(probe.Address, peer.Address);
                    community.Network.AddressIntroduced += (_, introduced) => trace.Introduced(probe.Address, introduced.Address);
                }

                Observe();
            }
        };

        await launcher.StartAsync();
        var started = clock.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, seconds - window)));
        counter.IsCounting = true;
        var windowStart = clock.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(window));
        counter.IsCounting = false;
        var windowSeconds = clock.Elapsed.TotalSeconds - windowStart;
        var excluded = new HashSet<UdpAddress>();
        var trackerCounters = new Dictionary<string, long>();
        if (launcher.Tracker is { } tracker)
        {
            excluded.Add(tracker.Endpoint.LocalAddress);
            foreach (var (name, value) in tracker.Counters.ToFlatDictionary())
            {
                if (value != 0)
                {
                    trackerCounters[name] = value;
                }
            }
        }

        var peerCounts = launcher.Hosts.Select(h => h.Overlays[0].Community.PeerCount).ToArray();
        GC.Collect();
        var result = new SwarmNodeResult
        {
            Instances = launcher.Hosts.Count,
            StartSeconds = started,
            TimeToK = [.. instances.OrderBy(i => i.Instance).Select(i => i.TimeToK)],
            PeerCountsAtEnd = peerCounts,
            WindowSeconds = windowSeconds,
            RequestsPerPair = counter.CountsPerPair(excluded),
            RequestsPerSender = counter.CountsPerSender(excluded),
            RssKb = ReadStatusKb("VmRSS"),
            ManagedHeapKb = GC.GetTotalMemory(false) / 1024,
            TrackerCounters = trackerCounters,
            Trace = trace is null || launcher.Tracker is null
                ? []
                : trace.Explain(
                    [.. instances.OrderBy(i => i.Instance).Select(i => i.Address)],
                    [.. instances.OrderBy(i => i.Instance).Select(i => i.StartedAt)],
                    launcher.Tracker.Endpoint.LocalAddress,
                    Math.Min(launcher.Hosts.Count - 1, MaxK),
                    traced),
        };
        await launcher.StopAsync();
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(result));
    }

    /// <summary>Reads a <c>kB</c> field of /proc/self/status (e.g. VmRSS); -1 when unavailable.</summary>
    public static long ReadStatusKb(string field, int pid = 0)
    {
        try
        {
            foreach (var line in File.ReadLines(pid == 0 ? "/proc/self/status" : $"/proc/{pid}/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return -1;
    }

    private sealed class InstanceProbe(int instance, double startedAt, UdpAddress address)
    {
        public int Instance { get; } = instance;

        public UdpAddress Address { get; } = address;

        public double StartedAt { get; } = startedAt;

        public double?[] TimeToK { get; } = new double?[MaxK];
    }
}
