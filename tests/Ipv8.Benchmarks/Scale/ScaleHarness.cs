using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Ipv8.Communities;
using Ipv8.Discovery;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Peers;
using Ipv8.Simulation;

namespace Ipv8.Benchmarks.Scale;

/// <summary>
/// The discovery scale harness (not a test): N simulated peers of one community join over the first 10 simulated seconds
/// via one public introducer and walk with RandomWalk (target 20, max_peers 30). Reports, per N, the simulated time until
/// 50 % and 95 % of the peers have 10 verified peers, the real time per simulated minute and the memory per peer.
/// Usage: <c>dotnet run -c Release --project tests/Ipv8.Benchmarks -- scale --peers 100,1000,10000 [--seconds 60] [--seed 1] [--crypto hash] [--eager-walks 4] [--verbose true]</c>.
/// </summary>
internal static class ScaleHarness
{
    private static bool Verbose { get; set; }

    private static bool HashCrypto { get; set; }

    private static int EagerWalks { get; set; } = new RandomWalkOptions().EagerWalks;

    private static int Parallelism { get; set; } = Environment.ProcessorCount;

    private static bool Memo { get; set; } = true;

    private static bool Metrics { get; set; } = true;

    private static readonly byte[] CommunityId = SHA256.HashData("launcher scale harness"u8)[..20];

    public static void Run(string[] args)
    {
        var sizes = new List<int> { 100, 1000 };
        var seconds = 60;
        var seed = 1;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--peers":
                    sizes = [.. args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
                    break;
                case "--seconds":
                    seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--crypto":
                    HashCrypto = args[i + 1] == "hash";
                    break;
                case "--verbose":
                    Verbose = args[i + 1] == "true";
                    break;
                case "--eager-walks":
                    EagerWalks = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--seed":
                    seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--parallelism":
                    Parallelism = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--memo":
                    Memo = args[i + 1] == "true";
                    break;
                case "--metrics":
                    Metrics = args[i + 1] == "true";
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}; known: --peers, --seconds, --seed, --crypto (nsec, formerly libsodium | hash), --eager-walks (RandomWalk eager_walks), --parallelism N (workers verifying in flight; 1 = on delivery), --memo true|false (reuse own signatures), --metrics true|false (publish the communities' instruments), --verbose.");
            }
        }

        Console.WriteLine($"Signature backend: {(HashCrypto ? new HashSignatureBackend().Name : new KeyFactory().Backend.Name)}; {Environment.ProcessorCount} cores; {seconds} simulated seconds per run; RandomWalk eager_walks {EagerWalks}; parallelism {Parallelism}; signature memo {(Memo ? "on" : "off")}; metrics {(Metrics ? "on" : "off")}");
        Console.WriteLine("peers | p50 >= 10 peers | p95 >= 10 peers | mean peers at end | real s / sim min | setup s | bytes/peer (managed) | bytes/peer (GC heap) | datagrams delivered | outcome");
        foreach (var n in sizes)
        {
            var result = RunOnce(n, seconds, seed);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{n,5} | {Format(result.P50)} | {Format(result.P95)} | {result.MeanPeers,17:F1} | {result.RealPerSimulatedMinute.TotalSeconds,16:F2} | {result.Setup.TotalSeconds,7:F2} | {result.ManagedBytesPerPeer,20:N0} | {result.HeapBytesPerPeer,20:N0} | {result.Delivered,19:N0} | {result.Outcome}"));
        }
    }

    private static string Format(TimeSpan? time) => time is { } t ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds,13:F1} s") : "    not reached";

    private static ScaleResult RunOnce(int n, int seconds, int seed)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        var heapBefore = GC.GetGCMemoryInfo().HeapSizeBytes;
        var setup = Stopwatch.StartNew();

        var keys = new KeyFactory(HashCrypto ? new HashSignatureBackend() : SignatureBackendFactory.Create(SignatureBackendKind.Auto), publicKeyCacheSize: Math.Max(4096, 2 * n));
        // The introducer plays the tracker for all n peers: 10,000 joins in 10 s from sequentially allocated addresses
        // (256 peers per /24) would exceed a normal peer's default unproven-source budgets, so it runs unlimited, as
        // a bootstrap server sized for its population would.
        var swarm = SimulatedSwarm.CreateBuilder(seed)
            .WithKeys(keys)
            .WithParallelism(Parallelism)
            .WithSignatureMemo(Memo)
            .WithMetrics(Metrics)
            .WithCommunityId(CommunityId)
            .WithNetwork(o => o with { PublicAddressCount = n + 16 })
            .AddPeer(p => p.KeySeed(-1)
                .NetworkBounds(new NetworkOptions { MaxVerifiedPeers = n + 16, MaxServiceEntries = n + 16 })
                .Community(s => new Community(s), s => s with { MaxPeers = -1, RandomSeed = -1, ReceiveLimits = ReceiveLimitOptions.Unlimited }))
            .BuildAsync().GetAwaiter().GetResult();
        var clock = swarm.Clock;
        var net = swarm.Network;
        var introducerAddress = swarm.Peers[0].Address;

        var hosts = new Community[n];
        var joinEvery = TimeSpan.FromTicks(TimeSpan.FromSeconds(10).Ticks / n);
        var p50 = (TimeSpan?)null;
        var p95 = (TimeSpan?)null;
        var sampleAt = TimeSpan.FromSeconds(1);
        var run = Stopwatch.StartNew();
        var setupTime = TimeSpan.Zero;
        for (var i = 0; i < n; i++)
        {
            var setupStart = run.Elapsed;
            var index = i;
            var peer = swarm.AddPeerAsync(p => p.KeySeed(index)
                .Bootstrappers(_ => [new ScaleBootstrapper(introducerAddress)])
                .Community(s => new Community(s), s => s with { RandomSeed = index })
                .WalkOptions(new WalkLoopOptions { Seed = (seed * 1_000_003) + index })
                .Walk(c => new RandomWalk(c, new RandomWalkOptions { EagerWalks = EagerWalks }), 20)).GetAwaiter().GetResult();
            hosts[i] = peer.Community;
            setupTime += run.Elapsed - setupStart;
            clock.Advance(joinEvery);
            Sample(hosts, i + 1, clock.Elapsed, ref sampleAt, ref p50, ref p95, n);
        }

        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            Sample(hosts, n, clock.Elapsed, ref sampleAt, ref p50, ref p95, n);
            if (Verbose && (int)clock.Elapsed.TotalSeconds % 10 == 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  n={n} sim {clock.Elapsed.TotalSeconds:F0} s real {run.Elapsed.TotalSeconds:F1} s, datagrams {net.Counters.Delivered:N0}"));
            }
        }

        run.Stop();
        setup.Stop();
        double mean = 0;
        foreach (var host in hosts)
        {
            mean += host.PeerCount;
        }

        var managedAfter = GC.GetTotalMemory(forceFullCollection: true);
        var heapAfter = GC.GetGCMemoryInfo().HeapSizeBytes;
        GC.KeepAlive(swarm);
        var realPerMinute = TimeSpan.FromTicks((long)((run.Elapsed - setupTime).Ticks / (clock.Elapsed.TotalMinutes)));
        return new ScaleResult(p50, p95, mean / n, realPerMinute, setupTime, (managedAfter - managedBefore) / n, (heapAfter - heapBefore) / n, net.Counters.Delivered, Outcome(hosts));
    }

    private static void Sample(Community[] hosts, int joined, TimeSpan now, ref TimeSpan sampleAt, ref TimeSpan? p50, ref TimeSpan? p95, int n)
    {
        if (now < sampleAt)
        {
            return;
        }

        sampleAt = now + TimeSpan.FromSeconds(1);
        var reached = 0;
        for (var i = 0; i < joined; i++)
        {
            if (hosts[i].PeerCount >= 10)
            {
                reached++;
            }
        }

        if (p50 is null && reached * 2 >= n)
        {
            p50 = now;
        }

        if (p95 is null && reached * 100 >= n * 95)
        {
            p95 = now;
        }
    }

    /// <summary>A fingerprint of the end state: every host's verified peers (member ids, sorted), in host order. Same seed, same fingerprint.</summary>
    private static string Outcome(Community[] hosts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> count = stackalloc byte[4];
        foreach (var host in hosts)
        {
            var mids = host.GetPeers().Select(p => Convert.ToHexStringLower(p.PublicKey.Mid)).Order(StringComparer.Ordinal).ToArray();
            BitConverter.TryWriteBytes(count, mids.Length);
            hash.AppendData(count);
            foreach (var mid in mids)
            {
                hash.AppendData(Convert.FromHexString(mid));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private sealed record ScaleResult(TimeSpan? P50, TimeSpan? P95, double MeanPeers, TimeSpan RealPerSimulatedMinute, TimeSpan Setup, long ManagedBytesPerPeer, long HeapBytesPerPeer, long Delivered, string Outcome);
}
