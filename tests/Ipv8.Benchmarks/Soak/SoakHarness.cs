using System.Diagnostics;
using System.Globalization;
using Ipv8.Benchmarks.Fuzz;
using Ipv8.Communities;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Peers;
using Ipv8.Simulation;
using Ipv8.Tracker;

namespace Ipv8.Benchmarks.Soak;

/// <summary>
/// The memory soak under sustained attack (not a test): for <c>--minutes</c> of virtual time, a hardened peer (one
/// community per vector prefix on one bounded <see cref="Network"/>, default trust options) and a <see cref="TrackerService"/>
/// receive at once the receive-path fuzz (<c>--fuzz-rate</c> mutated datagrams per second, each to both, from random
/// addresses) and the answering flood: <c>--keys</c> py-ipv8-rule peers (they answer every challenge and proof ping) on
/// 4 ports of hosts in one /24, each walking to the peer and to the tracker once a second. Every <c>--rotate</c> seconds the
/// flood's keys and hosts are replaced by fresh ones (a new /24), so the trust tables keep seeing strangers. Every
/// <c>--sample</c> seconds it prints managed memory after a full collection, the working set, and the sizes of the peer's
/// and the tracker's tables, so a curve that levels off shows the bounds hold.
/// Usage: <c>dotnet run -c Release --project tests/Ipv8.Benchmarks -- soak [--minutes 10] [--seed 1] [--fuzz-rate 1000]
/// [--keys 1000] [--rotate 60] [--sample 30] [--vectors path]</c>.
/// </summary>
internal static class SoakHarness
{
    private const int PortsPerHost = 4;
    private const int SlicesPerSecond = 4;

    public static int Run(string[] args)
    {
        double minutes = 10;
        var seed = 1;
        var fuzzRate = 1_000;
        var keyCount = 1_000;
        var rotate = 60;
        var sample = 30;
        string? vectorsPath = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--minutes": minutes = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--fuzz-rate": fuzzRate = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--keys": keyCount = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--rotate": rotate = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--sample": sample = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--vectors": vectorsPath = value; break;
                default: throw new ArgumentException($"Unknown option {args[i]}; known: --minutes, --seed, --fuzz-rate, --keys, --rotate, --sample, --vectors.");
            }
        }

        var targets = FuzzTargets.Create(seed, vectorsPath, new ReceiveLimitOptions());
        var (keys, mutator, prefixes, simulation, network) = (targets.Keys, targets.Mutator, targets.Prefixes, targets.Simulation, targets.Network);
        var (peerEndpoint, trackerEndpoint, overlays, tracker) = (targets.PeerEndpoint, targets.TrackerEndpoint, targets.Overlays, targets.Tracker);

        Console.WriteLine($"Soak: {minutes} virtual minutes, seed {seed}; fuzz {fuzzRate} datagrams/s to the peer and to the tracker; answering flood " +
            $"{keyCount} keys on one /24 ({PortsPerHost} ports a host), each walking to the peer and to the tracker once a second, fresh keys every {rotate} s; " +
            $"signature backend {keys.Backend.Name}, {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("virtual s | wall s | managed MiB | working set MiB | peer: verified / known addresses / pending challenges | tracker: peers / communities / pending pings / proven addresses (cap 50,000) / unproven addresses | flood keys that verified the peer / the tracker");
        Console.WriteLine("---:|---:|---:|---:|---|---|---");

        var flood = CreateFlood(simulation, keys, prefixes[0], keyCount, seed);
        var stopwatch = Stopwatch.StartNew();
        var totalSeconds = (int)Math.Round(minutes * 60);
        long floodRequests = 0, escaped = 0;
        var peerAddress = peerEndpoint.Address;
        var trackerAddress = trackerEndpoint.Address;
        Sample(0, stopwatch, network, overlays, tracker, flood, peerEndpoint, trackerEndpoint);
        for (var second = 1; second <= totalSeconds; second++)
        {
            for (var slice = 0; slice < SlicesPerSecond; slice++)
            {
                for (var i = slice; i < flood.Count; i += SlicesPerSecond)
                {
                    flood[i].Overlay.WalkTo(peerAddress);
                    flood[i].Overlay.WalkTo(trackerAddress);
                    floodRequests += 2;
                }

                for (var n = 0; n < fuzzRate / SlicesPerSecond; n++)
                {
                    var datagram = mutator.Next(out _);
                    var source = mutator.Address();
                    escaped += FuzzHarness.Deliver(peerEndpoint, source, datagram) + FuzzHarness.Deliver(trackerEndpoint, source, datagram);
                }

                simulation.Clock.Advance(TimeSpan.FromSeconds(1.0 / SlicesPerSecond));
            }

            if (second % rotate == 0)
            {
                Dispose(flood);
                flood = CreateFlood(simulation, keys, prefixes[0], keyCount, seed + second);
            }

            if (second % sample == 0)
            {
                Sample(second, stopwatch, network, overlays, tracker, flood, peerEndpoint, trackerEndpoint);
            }
        }

        Console.WriteLine();
        var trust = overlays[0].Trust;
        Console.WriteLine($"flood requests {floodRequests:N0}; peer (flood's community): proofs {trust[TrustCounter.Proofs]:N0}, challenges {trust[TrustCounter.ChallengesSent]:N0}, peer cap refusals {trust[TrustCounter.PeerCapRefusals]:N0}, " +
            $"while-full answers {trust[TrustCounter.FullAnswers]:N0} (refused {trust[TrustCounter.FullAnswersRateLimited]:N0}), diversity evictions {trust[TrustCounter.DiversityEvictions]:N0}, early answers {trust[TrustCounter.ImmediateAnswers]:N0} (refused {trust[TrustCounter.EarlyAnswersRefused]:N0})");
        Console.WriteLine($"tracker: requests {tracker.Counters[TrackerCounter.RequestsReceived]:N0}, proof pings {tracker.Counters[TrackerCounter.ProofPingsSent]:N0}, proven {tracker.Counters[TrackerCounter.AddressesProven]:N0}, " +
            $"peers refused {tracker.Counters[TrackerCounter.PeersRefused]:N0}, peers evicted {tracker.Counters[TrackerCounter.PeersEvicted]:N0}, drops {tracker.Counters.Drops.Total:N0}");
        Console.WriteLine($"exceptions escaped the router: {escaped}; wall time {stopwatch.Elapsed.TotalSeconds:F0} s");
        GC.KeepAlive(overlays);
        return escaped == 0 ? 0 : 1;
    }

    private static List<(Community Overlay, SimulatedEndpoint Endpoint)> CreateFlood(SimulatedNetwork simulation, KeyFactory keys, byte[] prefix, int count, int seed)
    {
        // Start at a fresh /24 so the whole flood shares one prefix (SimulatedNetwork hands out consecutive addresses); the
        // skipped endpoints are disposed so the harness itself does not grow with every rotation.
        while (true)
        {
            var skipped = simulation.CreateEndpoint();
            var last = (skipped.Address.IPv4Value & 0xFF) == 0;
            skipped.DisposeAsync().AsTask().GetAwaiter().GetResult();
            if (last)
            {
                break;
            }
        }

        var flood = new List<(Community, SimulatedEndpoint)>(count);
        SimulatedEndpoint? host = null;
        for (var i = 0; i < count; i++)
        {
            var endpoint = i % PortsPerHost == 0
                ? (host = simulation.CreateEndpoint())
                : simulation.CreateEndpoint(new SimulatedHostOptions { SameHostAs = host, Port = (ushort)(host!.Address.Port + (i % PortsPerHost)) });
            endpoint.OpenAsync().AsTask().GetAwaiter().GetResult();
            var overlay = new Community(new CommunitySettings
            {
                CommunityId = prefix.AsMemory(2),
                Version = prefix[1],
                MyPeer = new MyPeer(keys.GenerateCurve25519()),
                Endpoint = endpoint,
                Network = new Network(),
                KeyFactory = keys,
                TimeProvider = simulation.Clock,
                RandomSeed = seed + i,
                Trust = new PeerTrustOptions { Enabled = false },
            });
            flood.Add((overlay, endpoint));
        }

        return flood;
    }

    private static void Dispose(List<(Community Overlay, SimulatedEndpoint Endpoint)> flood)
    {
        foreach (var (overlay, endpoint) in flood)
        {
            overlay.DisposeAsync().AsTask().GetAwaiter().GetResult();
            endpoint.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static void Sample(int second, Stopwatch stopwatch, Network network, IReadOnlyList<Community> overlays, TrackerService tracker, List<(Community Overlay, SimulatedEndpoint Endpoint)> flood, SimulatedEndpoint peer, SimulatedEndpoint trackerEndpoint)
    {
        var managed = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
        var workingSet = Process.GetCurrentProcess().WorkingSet64 / 1048576.0;
        var fromPeer = flood.Sum(f => f.Overlay.Network.GetVerifiedByAddress(peer.Address) is null ? 0 : 1);
        var fromTracker = flood.Sum(f => f.Overlay.Network.GetVerifiedByAddress(trackerEndpoint.Address) is null ? 0 : 1);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{second} | {stopwatch.Elapsed.TotalSeconds:F0} | {managed:F1} | {workingSet:F0} | {network.VerifiedPeerCount} / {network.KnownAddressCount} / {overlays.Sum(o => o.PendingChallengeCount)} | " +
            $"{tracker.PeerCount} / {tracker.CommunityCount} / {tracker.PendingPingCount} / {tracker.ProvenAddressCount} / {tracker.UnprovenAddressCount} | {fromPeer} / {fromTracker}"));
    }
}
