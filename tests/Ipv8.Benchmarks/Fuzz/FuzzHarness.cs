using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ipv8.Communities;
using Ipv8.Messaging;
using Ipv8.Peers;
using Ipv8.Simulation;
using Ipv8.Tracker;

namespace Ipv8.Benchmarks.Fuzz;

/// <summary>
/// The receive-path fuzz benchmark (not a test): pushes N seeded mutated datagrams through the full receive path of a
/// peer (the router of a simulated endpoint, the vectors' two communities on one bounded <see cref="Network"/>, their
/// limiter and handlers) and of a <see cref="TrackerService"/> (its own endpoint), each datagram to both, and reports
/// drops by reason, handled counts, exceptions (must be 0) and peak memory. The virtual clock advances one second every
/// <c>--rate</c> datagrams, so the receive limits refill as they would at that rate.
/// Usage: <c>dotnet run -c Release --project tests/Ipv8.Benchmarks -- fuzz --datagrams 1000000 [--seed 1] [--rate 1000] [--limits default|off] [--vectors path]</c>.
/// </summary>
internal static class FuzzHarness
{
    public static int Run(string[] args)
    {
        var datagrams = 1_000_000;
        var seed = 1;
        var rate = 1_000;
        var limits = new ReceiveLimitOptions();
        string? vectorsPath = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--datagrams":
                    datagrams = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--seed":
                    seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--rate":
                    rate = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--limits":
                    limits = args[i + 1] == "off" ? ReceiveLimitOptions.Unlimited : new ReceiveLimitOptions();
                    break;
                case "--vectors":
                    vectorsPath = args[i + 1];
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}; known: --datagrams, --seed, --rate, --limits (default|off), --vectors.");
            }
        }

        var targets = FuzzTargets.Create(seed, vectorsPath, limits);
        var (keys, mutator, vectorCount, simulation) = (targets.Keys, targets.Mutator, targets.VectorCount, targets.Simulation);
        var (peerEndpoint, trackerEndpoint, network, overlays, tracker) = (targets.PeerEndpoint, targets.TrackerEndpoint, targets.Network, targets.Overlays, targets.Tracker);

        Console.WriteLine($"Fuzz: {datagrams:N0} datagrams, seed {seed}, {rate} datagrams per virtual second, limits {(limits.Enabled ? "default" : "off")}, " +
            $"signature backend {keys.Backend.Name}, {vectorCount} vectors, {Environment.ProcessorCount} cores");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        long peakManaged = managedBefore, peakHeap = GC.GetGCMemoryInfo().HeapSizeBytes;
        long peerEscaped = 0, trackerEscaped = 0;
        var kinds = new long[DatagramMutator.Kinds.Length];
        var stopwatch = Stopwatch.StartNew();
        for (var n = 0; n < datagrams; n++)
        {
            var datagram = mutator.Next(out var kind);
            kinds[kind]++;
            var source = mutator.Address();
            peerEscaped += Deliver(peerEndpoint, source, datagram);
            trackerEscaped += Deliver(trackerEndpoint, source, datagram);
            if (n % rate == rate - 1)
            {
                simulation.Clock.Advance(TimeSpan.FromSeconds(1));
            }

            if (n % 10_000 == 9_999)
            {
                peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(forceFullCollection: false));
                peakHeap = Math.Max(peakHeap, GC.GetGCMemoryInfo().HeapSizeBytes);
            }
        }

        stopwatch.Stop();
        simulation.Clock.Advance(TimeSpan.FromSeconds(10));
        var managedAfter = GC.GetTotalMemory(forceFullCollection: true);
        var peakWorkingSet = Process.GetCurrentProcess().PeakWorkingSet64;

        var peerDrops = Merge(peerEndpoint.Counters.Drops.NonZero(), overlays.Select(o => o.Drops.NonZero()));
        var trackerDrops = Merge(trackerEndpoint.Counters.Drops.NonZero(), [tracker.Counters.Drops.NonZero()]);
        var peerReceiveDrops = peerDrops.Where(p => p.Key is not DropReason.SendFailed and not DropReason.SendTooLarge).Sum(p => p.Value);
        var trackerReceiveDrops = trackerDrops.Where(p => p.Key is not DropReason.SendFailed and not DropReason.SendTooLarge).Sum(p => p.Value);
        var guarded = peerDrops.GetValueOrDefault(DropReason.HandlerFailed) + peerDrops.GetValueOrDefault(DropReason.ListenerFailed)
                      + trackerDrops.GetValueOrDefault(DropReason.HandlerFailed) + trackerDrops.GetValueOrDefault(DropReason.ListenerFailed);

        Console.WriteLine();
        Console.WriteLine("mutation | datagrams");
        for (var k = 0; k < kinds.Length; k++)
        {
            Console.WriteLine($"{DatagramMutator.Kinds[k]} | {kinds[k]:N0}");
        }

        Console.WriteLine();
        Console.WriteLine("drop reason | peer | tracker");
        foreach (var reason in Enum.GetValues<DropReason>())
        {
            var p = peerDrops.GetValueOrDefault(reason);
            var t = trackerDrops.GetValueOrDefault(reason);
            if (p != 0 || t != 0)
            {
                Console.WriteLine($"{CommunityCounters.SnakeCase(reason)} | {p:N0} | {t:N0}");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"peer: dropped {peerReceiveDrops:N0}, handled (passed every check) {datagrams - peerReceiveDrops:N0}, " +
            $"limiter admitted {overlays.Sum(o => o.ReceiveLimiter.Counters[ReceiveLimiterCounter.Admitted]):N0} / refused {overlays.Sum(o => o.ReceiveLimiter.Counters[ReceiveLimiterCounter.DroppedAddress] + o.ReceiveLimiter.Counters[ReceiveLimiterCounter.DroppedPrefix] + o.ReceiveLimiter.Counters[ReceiveLimiterCounter.DroppedGlobal]):N0}, " +
            $"verified peers {network.VerifiedPeerCount}, known addresses {network.KnownAddressCount}, sent {peerEndpoint.Counters.PacketsOut:N0}");
        Console.WriteLine($"tracker: dropped {trackerReceiveDrops:N0}, requests processed {tracker.Counters[TrackerCounter.RequestsReceived]:N0}, responses processed {tracker.Counters[TrackerCounter.ResponsesReceived]:N0}, " +
            $"refused by reflection budget {tracker.Counters[TrackerCounter.RefusedByReflectionBudget]:N0}, unmatched responses {tracker.Counters[TrackerCounter.UnmatchedResponses]:N0}, proof pings {tracker.Counters[TrackerCounter.ProofPingsSent]:N0}, " +
            $"peers {tracker.PeerCount}, communities {tracker.CommunityCount}, pending pings {tracker.PendingPingCount}");
        Console.WriteLine($"exceptions: escaped the router {peerEscaped + trackerEscaped}, caught by listener/handler guards {guarded}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"time: {stopwatch.Elapsed.TotalSeconds:F1} s ({2.0 * datagrams / stopwatch.Elapsed.TotalSeconds:N0} deliveries/s, each datagram delivered to the peer and to the tracker)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory: managed before {managedBefore / 1048576.0:F1} MiB, after {managedAfter / 1048576.0:F1} MiB, peak managed {peakManaged / 1048576.0:F1} MiB, " +
            $"peak GC heap {peakHeap / 1048576.0:F1} MiB, process peak working set {peakWorkingSet / 1048576.0:F1} MiB"));
        GC.KeepAlive(overlays);
        return peerEscaped + trackerEscaped + guarded == 0 ? 0 : 1;
    }

    internal static int Deliver(SimulatedEndpoint endpoint, UdpAddress source, byte[] datagram)
    {
        try
        {
            endpoint.Router.Deliver(source, datagram);
            return 0;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"unhandled: {ex.GetType().Name}: {ex.Message} for {Convert.ToHexString(datagram)}");
            return 1;
        }
    }

    private static Dictionary<DropReason, long> Merge(IReadOnlyDictionary<DropReason, long> first, IEnumerable<IReadOnlyDictionary<DropReason, long>> rest)
    {
        var result = new Dictionary<DropReason, long>(first);
        foreach (var map in rest)
        {
            foreach (var (reason, value) in map)
            {
                result[reason] = result.GetValueOrDefault(reason) + value;
            }
        }

        return result;
    }

    internal static (List<byte[]> Vectors, List<byte[]> Prefixes) LoadVectors(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var vectors = document.RootElement.GetProperty("vectors").EnumerateArray()
            .Concat(document.RootElement.GetProperty("ecdsa_vectors").EnumerateArray())
            .Select(v => Convert.FromHexString(v.GetProperty("packet_hex").GetString()!))
            .ToList();
        var prefixes = vectors.Where(v => v.Length >= CommunityPrefix.Length).Select(v => v[..CommunityPrefix.Length]).DistinctBy(Convert.ToHexString).ToList();
        return (vectors, prefixes);
    }

    internal static string FindVectors()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "Ipv8.Tests", "Vectors", "ipv8-vectors.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("tests/Ipv8.Tests/Vectors/ipv8-vectors.json not found above the current directory; pass --vectors PATH.");
    }
}
