using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Ipv8.Benchmarks.Tracker;
using Ipv8.Communities;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Peers;
using Ipv8.Tracker;

namespace Ipv8.Benchmarks.Load;

/// <summary>
/// Answered introduction-requests per second of a peer (a <see cref="Community"/> on a <see cref="UdpEndpoint"/>) or a
/// tracker on real UDP loopback, loaded by N keys (one <see cref="TrackerUdpClient"/> each: own socket and source port),
/// which answer challenges as a real swarm does, so the figure holds with the trust rules on (not a test).
/// </summary>
/// <remarks>
/// <para>Closed loop (default): every client keeps <c>--window</c> requests in flight. Open loop (<c>--offered R</c>): one
/// generator thread sends R requests/s in total, round-robin over the clients, whatever is answered; the run is
/// <c>--steps</c> steps of <c>--seconds</c> each, and every step prints the answered rate, the target's drops by reason, the
/// kernel's drops at the target's socket (<c>/proc/net/udp</c>, drops column) and the process CPU.</para>
/// <para>Target and clients share the process and the cores; the clients only send pre-signed requests and read answers.
/// For a peer, <c>MaxPeers</c> is raised to the number of keys (so every proven client is a peer, not answered from the
/// while-full budget) and the receive limits are off unless <c>--limits default</c>; for a tracker the per-address limit is
/// raised likewise.</para>
/// <para>Usage: <c>load-udp [--target peer|tracker] [--keys 30] [--workers N (0 = inline)] [--shards N (SO_REUSEPORT sockets, inline; replaces --workers)] [--trust on|off] [--limits off|default]
/// [--window 4] [--offered 0] [--steps 1] [--seconds 10] [--rcvbuf 870400] [--tracker-key very-low] [--silence-ms 1000]</c>
/// (a client re-sends its window after that long without an answer; short values make a re-send storm with many keys).</para>
/// </remarks>
internal static class LoadUdpBenchmark
{
    /// <summary>The receive threads of <see cref="TrackerUdpClient"/> ("tracker-bench-client") as Linux keeps the name (15 characters).</summary>
    private const string ClientThreadName = "tracker-bench-c";

    private static readonly byte[] CommunityId = SHA256.HashData("launcher load benchmark"u8)[..20];

    public static void Run(string[] args)
    {
        var settings = new LoadSettings();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--target" => settings with { Target = value },
                "--keys" => settings with { Keys = int.Parse(value, CultureInfo.InvariantCulture) },
                "--workers" => settings with { Workers = int.Parse(value, CultureInfo.InvariantCulture) },
                "--shards" => settings with { Shards = int.Parse(value, CultureInfo.InvariantCulture) },
                "--trust" => settings with { Trust = value == "on" },
                "--limits" => settings with { DefaultLimits = value == "default" },
                "--window" => settings with { Window = int.Parse(value, CultureInfo.InvariantCulture) },
                "--offered" => settings with { Offered = double.Parse(value, CultureInfo.InvariantCulture) },
                "--steps" => settings with { Steps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seconds" => settings with { Seconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--rcvbuf" => settings with { ReceiveBuffer = int.Parse(value, CultureInfo.InvariantCulture) },
                "--tracker-key" => settings with { TrackerKey = value },
                "--silence-ms" => settings with { SilenceMs = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}; known: --target, --keys, --workers, --shards, --trust, --limits, --window, --offered, --steps, --seconds, --rcvbuf, --tracker-key, --silence-ms."),
            };
        }

        RunAsync(settings).GetAwaiter().GetResult();
    }

    private static async Task RunAsync(LoadSettings settings)
    {
        var keys = new KeyFactory();
        await using var target = settings.Target == "tracker" ? await TrackerTarget.StartAsync(settings, keys) : await PeerTarget.StartAsync(settings, keys);
        var prefix = CommunityPrefix.Create(CommunityId);
        var clients = new List<TrackerUdpClient>();
        try
        {
            for (var i = 0; i < settings.Keys; i++)
            {
                clients.Add(new TrackerUdpClient(keys, keys.Generate(KeyFactory.Curve25519), prefix.Bytes, target.Address, settings.Window, IPAddress.Loopback, TimeSpan.FromMilliseconds(settings.SilenceMs)));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"load-udp: {target.Describe()} on {target.Address}, {(settings.Shards > 0 ? $"SO_REUSEPORT shards {settings.Shards} (inline)" : $"receive workers {settings.Workers}")}, SO_RCVBUF asked {settings.ReceiveBuffer}; {settings.Keys} keys, {(settings.Offered > 0 ? $"open loop {settings.Offered:F0} requests/s offered" : $"closed loop, window {settings.Window}")}; {Environment.ProcessorCount} cores; {LoadAverage()}"));
            foreach (var client in clients)
            {
                client.Start();
            }

            var proving = Stopwatch.StartNew();
            while (clients.Any(c => c.Answered == 0) && proving.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(20);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"answered at least once: {clients.Count(c => c.Answered > 0)}/{settings.Keys} keys in {proving.Elapsed.TotalMilliseconds:F0} ms; challenges answered {clients.Sum(c => c.PingsAnswered)}"));

            using var generator = settings.Offered > 0 ? new OpenLoopGenerator(clients, settings.Offered) : null;
            if (generator is null)
            {
                foreach (var client in clients)
                {
                    client.Flood();
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(1)); // warm-up (JIT, tier-up)
            var rates = new List<double>();
            var threads = new ThreadCpuSampler();
            threads.TakeDelta();
            var contentions = Monitor.LockContentionCount;
            var previous = Sample.Take(target, clients, generator);
            for (var step = 1; step <= settings.Steps; step++)
            {
                await Task.Delay(TimeSpan.FromSeconds(settings.Seconds));
                var now = Sample.Take(target, clients, generator);
                var elapsed = (now.Wall - previous.Wall).TotalSeconds;
                var answered = (now.Answered - previous.Answered) / elapsed;
                rates.Add(answered);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"step {step}: {elapsed:F1} s, offered {(now.Offered - previous.Offered) / elapsed:F0}/s, answered {answered:F0}/s, kernel drops at the socket {now.KernelDrops - previous.KernelDrops}, queue-full drops {now.QueueFull - previous.QueueFull}, other target drops {now.OtherDrops - previous.OtherDrops}, CPU {(now.Cpu - previous.Cpu).TotalSeconds / elapsed * 100:F0} % of a core ({(now.Cpu - previous.Cpu).TotalMicroseconds / Math.Max(1, now.Answered - previous.Answered):F0} µs per answer), {LoadAverage()}"));
                var contentionsNow = Monitor.LockContentionCount;
                Console.WriteLine("  " + ThreadReport(threads.TakeDelta(), elapsed, now.Answered - previous.Answered, contentionsNow - contentions));
                contentions = contentionsNow;
                previous = now;
            }

            if (rates.Count > 1)
            {
                var swing = rates.Zip(rates.Skip(1), (a, b) => Math.Abs(b - a) / Math.Max(1, a) * 100).Max();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"answered/s mean {rates.Average():F0}, largest change between consecutive steps {swing:F1} %"));
            }

            Console.WriteLine($"target drops in total: {target.DropSummary()}");
        }
        finally
        {
            // Stop every client first: each receive thread notices within its receive timeout, so they end together.
            foreach (var client in clients)
            {
                client.Stop();
            }

            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>
    /// One line of CPU by thread group over a step: the load's own threads (clients, generator) apart from the target's, as
    /// % of a core and µs per answer, then the busiest thread names.
    /// </summary>
    internal static string ThreadReport(Dictionary<string, (double Cpu, long Switches)> threads, double elapsed, long answered, long lockContentions)
    {
        static bool IsLoad(string name) => name.StartsWith(ClientThreadName, StringComparison.Ordinal) || name == OpenLoopGenerator.ThreadName;
        var load = threads.Where(p => IsLoad(p.Key)).Sum(p => p.Value.Cpu);
        var targetCpu = threads.Where(p => !IsLoad(p.Key)).Sum(p => p.Value.Cpu);
        var loadSwitches = threads.Where(p => IsLoad(p.Key)).Sum(p => p.Value.Switches);
        var targetSwitches = threads.Where(p => !IsLoad(p.Key)).Sum(p => p.Value.Switches);
        var perAnswer = 1e6 / Math.Max(1, answered);
        var top = string.Join(", ", threads.Where(p => p.Value.Cpu > 0).OrderByDescending(p => p.Value.Cpu).Take(6).Select(p => string.Create(CultureInfo.InvariantCulture, $"'{p.Key}' {p.Value.Cpu / elapsed * 100:F0} % ({p.Value.Switches * perAnswer / 1e6:F2} switches/answer)")));
        return string.Create(CultureInfo.InvariantCulture,
            $"threads: target {targetCpu / elapsed * 100:F0} % of a core ({targetCpu * perAnswer:F0} µs, {targetSwitches * perAnswer / 1e6:F2} context switches per answer), load clients {load / elapsed * 100:F0} % ({load * perAnswer:F0} µs, {loadSwitches * perAnswer / 1e6:F2} switches per answer); lock contentions {lockContentions}; by name: {top}");
    }

    /// <summary>The drops column of <c>/proc/net/udp</c> summed over the IPv4 sockets bound to <paramref name="address"/>, or -1 when there is none.</summary>
    internal static long KernelDrops(UdpAddress address)
    {
        try
        {
            var ip = address.ToIPAddress().GetAddressBytes();
            var local = string.Create(CultureInfo.InvariantCulture, $"{ip[3]:X2}{ip[2]:X2}{ip[1]:X2}{ip[0]:X2}:{address.Port:X4}");
            // Every socket bound to that address counts (SO_REUSEPORT shards are several).
            var total = -1L;
            foreach (var line in File.ReadLines("/proc/net/udp").Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 12 && fields[1] == local)
                {
                    total = Math.Max(total, 0) + long.Parse(fields[^1], CultureInfo.InvariantCulture);
                }
            }

            return total;
        }
        catch (IOException)
        {
            return -1;
        }
    }

    internal static string LoadAverage()
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

    private sealed record LoadSettings
    {
        public string Target { get; init; } = "peer";

        public int Keys { get; init; } = 30;

        public int Workers { get; init; } = UdpEndpointOptions.DefaultReceiveWorkers;

        /// <summary>When positive: a <see cref="ReusePortUdpEndpoint"/> of that many sockets instead of a <see cref="UdpEndpoint"/> (workers unused).</summary>
        public int Shards { get; init; }

        public bool Trust { get; init; } = true;

        public bool DefaultLimits { get; init; }

        public int Window { get; init; } = 4;

        public double Offered { get; init; }

        public int Steps { get; init; } = 1;

        public double Seconds { get; init; } = 10;

        public int ReceiveBuffer { get; init; } = UdpEndpointOptions.DefaultReceiveBufferSize;

        public string TrackerKey { get; init; } = "very-low";

        public int SilenceMs { get; init; } = 1000;
    }

    private readonly record struct Sample(TimeSpan Wall, long Answered, long Offered, long KernelDrops, long QueueFull, long OtherDrops, TimeSpan Cpu)
    {
        private static readonly Stopwatch Clock = Stopwatch.StartNew();

        public static Sample Take(ILoadTarget target, List<TrackerUdpClient> clients, OpenLoopGenerator? generator)
        {
            var endpointDrops = target.EndpointDrops.NonZero();
            var queueFull = endpointDrops.GetValueOrDefault(DropReason.ReceiveQueueFull);
            return new Sample(
                Clock.Elapsed,
                clients.Sum(c => c.Answered),
                generator?.Sent ?? 0,
                LoadUdpBenchmark.KernelDrops(target.Address),
                queueFull,
                endpointDrops.Where(p => p.Key != DropReason.ReceiveQueueFull).Sum(p => p.Value) + target.OwnDrops,
                Process.GetCurrentProcess().TotalProcessorTime);
        }
    }

    /// <summary>The target's endpoint: receive workers on one socket, or <c>--shards</c> SO_REUSEPORT sockets.</summary>
    private static IEndpoint CreateEndpoint(LoadSettings settings)
    {
        var options = UdpEndpointOptions.IPv4Loopback() with { ReceiveWorkers = settings.Workers, ReceiveBufferSize = settings.ReceiveBuffer };
        return settings.Shards > 0 ? new ReusePortUdpEndpoint(options, settings.Shards) : new UdpEndpoint(options);
    }

    /// <summary>For a sharded endpoint, how many datagrams each socket got (the kernel's spread of the sources).</summary>
    private static string ShardSpread(IEndpoint endpoint)
        => endpoint is ReusePortUdpEndpoint sharded ? $", datagrams per shard {string.Join('/', sharded.ReceivedPerShard)}" : string.Empty;

    /// <summary>What the benchmark measures: a peer or a tracker on its own UDP socket.</summary>
    private interface ILoadTarget : IAsyncDisposable
    {
        UdpAddress Address { get; }

        CounterSet<DropReason> EndpointDrops { get; }

        long OwnDrops { get; }

        string Describe();

        string DropSummary();
    }

    private sealed class PeerTarget : ILoadTarget
    {
        private readonly IEndpoint _endpoint;
        private readonly Community _community;

        private PeerTarget(IEndpoint endpoint, Community community)
        {
            _endpoint = endpoint;
            _community = community;
        }

        public UdpAddress Address => _endpoint.LocalAddress;

        public CounterSet<DropReason> EndpointDrops => _endpoint.Counters.Drops;

        public long OwnDrops => _community.Drops.Total;

        public static async Task<ILoadTarget> StartAsync(LoadSettings settings, KeyFactory keys)
        {
            var endpoint = CreateEndpoint(settings);
            var community = new Community(new CommunitySettings
            {
                CommunityId = CommunityId,
                MyPeer = new MyPeer(keys.Generate(KeyFactory.Curve25519)),
                Endpoint = endpoint,
                Network = new Network(),
                KeyFactory = keys,
                MaxPeers = Math.Max(30, settings.Keys),
                Trust = new PeerTrustOptions { Enabled = settings.Trust },
                ReceiveLimits = new ReceiveLimitOptions { Enabled = settings.DefaultLimits },
            });
            await endpoint.OpenAsync();
            return new PeerTarget(endpoint, community);
        }

        public string Describe() => $"peer (trust {(_community.TrustEnabled ? "on" : "off")}, limits {(_community.ReceiveLimiter.Options.Enabled ? "default" : "off")}, MaxPeers {_community.MaxPeers})";

        public string DropSummary()
            => string.Join(", ", _community.Drops.NonZero().Concat(_endpoint.Counters.Drops.NonZero()).Select(p => $"{p.Key} {p.Value}")) + $"; peers {_community.PeerCount}{ShardSpread(_endpoint)}";

        public async ValueTask DisposeAsync()
        {
            await _community.UnloadAsync();
            await _endpoint.DisposeAsync();
        }
    }

    private sealed class TrackerTarget : ILoadTarget
    {
        private readonly CancellationTokenSource _stop;
        private readonly Task _run;
        private readonly TrackerService _tracker;
        private readonly string _key;
        private readonly IEndpoint? _ownEndpoint;

        private TrackerTarget(CancellationTokenSource stop, Task run, TrackerService tracker, string key, IEndpoint? ownEndpoint)
        {
            _key = key;
            _stop = stop;
            _run = run;
            _tracker = tracker;
            _ownEndpoint = ownEndpoint;
        }

        public UdpAddress Address => _tracker.Endpoint.LocalAddress;

        public CounterSet<DropReason> EndpointDrops => _tracker.Endpoint.Counters.Drops;

        public long OwnDrops => _tracker.Counters.Drops.Total;

        public static async Task<ILoadTarget> StartAsync(LoadSettings settings, KeyFactory keys)
        {
            var defaults = new TrackerOptions();
            var options = defaults with { KeyLevel = settings.TrackerKey };
            if (!settings.DefaultLimits)
            {
                options = options with { RequestsPerSecondPerAddress = 1e9, RequestBurstPerAddress = Math.Max(defaults.RequestBurstPerAddress, settings.Window * 4), MaxPeersPerCommunity = Math.Max(defaults.MaxPeersPerCommunity, settings.Keys) };
            }

            var stop = new CancellationTokenSource();
            if (settings.Shards > 0)
            {
                // TrackerHost makes a UdpEndpoint of its own; the sharded endpoint is tried with the service directly.
                var endpoint = CreateEndpoint(settings);
                var service = new TrackerService(options, endpoint, keys);
                await endpoint.OpenAsync();
                service.Start();
                return new TrackerTarget(stop, Task.CompletedTask, service, settings.TrackerKey, endpoint);
            }

            var started = new TaskCompletionSource<TrackerService>(TaskCreationOptions.RunContinuationsAsynchronously);
            var hostOptions = new TrackerHostOptions
            {
                ListenAddress = IPAddress.Loopback,
                ListenPort = 0,
                Tracker = options,
                ReceiveWorkers = settings.Workers,
                ReceiveBufferSize = settings.ReceiveBuffer,
            };
            var run = new TrackerHost(keys).RunAsync(hostOptions, t => started.SetResult(t), stop.Token);
            var tracker = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
            return new TrackerTarget(stop, run, tracker, settings.TrackerKey, null);
        }

        public string Describe() => $"tracker (key {_key})";

        public string DropSummary() => string.Join(", ", _tracker.Counters.Drops.NonZero().Concat(EndpointDrops.NonZero()).Select(p => $"{p.Key} {p.Value}")) + $"; peers {_tracker.PeerCount}{ShardSpread(_tracker.Endpoint)}";

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run;
            _stop.Dispose();
            if (_ownEndpoint is not null)
            {
                await _tracker.StopAsync();
                await _ownEndpoint.CloseAsync();
            }
        }
    }

    /// <summary>Sends requests at a fixed total rate, round-robin over the clients, on its own thread.</summary>
    private sealed class OpenLoopGenerator : IDisposable
    {
        public const string ThreadName = "load-generator";

        private readonly List<TrackerUdpClient> _clients;
        private readonly double _rate;
        private readonly Thread _thread;
        private volatile bool _stopping;
        private long _sent;

        public OpenLoopGenerator(List<TrackerUdpClient> clients, double rate)
        {
            _clients = clients;
            _rate = rate;
            _thread = new Thread(Loop) { IsBackground = true, Name = ThreadName };
            _thread.Start();
        }

        public long Sent => Interlocked.Read(ref _sent);

        public void Dispose()
        {
            _stopping = true;
            _thread.Join();
        }

        private void Loop()
        {
            var clock = Stopwatch.StartNew();
            var next = 0;
            while (!_stopping)
            {
                var due = (long)(clock.Elapsed.TotalSeconds * _rate);
                while (Sent < due && !_stopping)
                {
                    _clients[next].SendRequest();
                    next = (next + 1) % _clients.Count;
                    Interlocked.Increment(ref _sent);
                }

                Thread.Sleep(1); // pacing; the loop catches up on whatever the sleep overshot
            }
        }
    }
}
