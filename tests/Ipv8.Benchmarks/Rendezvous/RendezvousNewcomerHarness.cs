using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Ipv8.Communities;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Peers;
using Ipv8.Rendezvous;
using Ipv8.Simulation;

namespace Ipv8.Benchmarks.Rendezvous;

/// <summary>
/// Time to a newcomer's first peer of a namespace (not a test): on the simulated network (virtual clock, 20-80 ms
/// latency), one rendezvous point and N nodes that join over the first 10 simulated seconds, each advertising one of K
/// namespaces through a <see cref="DiscoveryManager"/> over a <see cref="RendezvousInterface"/>. From second 30, M
/// newcomers start one every 250 ms, each requesting one namespace (round robin); the harness records the simulated
/// time from a newcomer's creation to its query's first verified peer, which includes the trust handshake with the
/// point. The point is sized for its population (max_peers N + M + 16, receive limits off, as a bootnode would be);
/// the per-address registration and discovery limits keep their defaults.
/// Usage: <c>dotnet run -c Release --project tests/Ipv8.Benchmarks -- rendezvous-newcomer [--nodes 1000] [--namespaces 10]
/// [--newcomers 200] [--seed 1]</c>.
/// </summary>
internal static class RendezvousNewcomerHarness
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan NewcomersFrom = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan NewcomerEvery = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan NewcomerLimit = TimeSpan.FromSeconds(60);

    public static void Run(string[] args)
    {
        var nodes = 1000;
        var namespaces = 10;
        var newcomers = 200;
        var seed = 1;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--nodes":
                    nodes = value;
                    break;
                case "--namespaces":
                    namespaces = value;
                    break;
                case "--newcomers":
                    newcomers = value;
                    break;
                case "--seed":
                    seed = value;
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}; known: --nodes, --namespaces, --newcomers, --seed.");
            }
        }

        var real = Stopwatch.StartNew();
        var result = RunOnce(nodes, namespaces, newcomers, seed);
        real.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Signature backend: {new KeyFactory().Backend.Name}; {nodes} nodes, {namespaces} namespaces, {newcomers} newcomers, seed {seed}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"registrations held at the point: {result.Registrations} (expected {nodes})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"newcomers that found a peer within {NewcomerLimit.TotalSeconds:F0} s: {result.Times.Count}/{newcomers}"));
        if (result.Times.Count > 0)
        {
            var sorted = result.Times.Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"time to first peer (simulated): p50 {Percentile(sorted, 0.50).TotalMilliseconds:F0} ms, p95 {Percentile(sorted, 0.95).TotalMilliseconds:F0} ms, max {sorted[^1].TotalMilliseconds:F0} ms"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"real time: {real.Elapsed.TotalSeconds:F1} s"));
    }

    private static TimeSpan Percentile(TimeSpan[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static NewcomerResult RunOnce(int nodes, int namespaces, int newcomers, int seed)
    {
        var keys = new KeyFactory();
        var net = new SimulatedNetwork(new SimulatedNetworkOptions { Seed = seed, PublicAddressCount = nodes + newcomers + 16 });
        var clock = net.Clock;
        var managers = new List<DiscoveryManager>();
        var point = Create(net, keys, -1, nodes + newcomers + 16, new RendezvousOptions { Serve = true }, unlimited: true);
        var points = new RendezvousInterfaceOptions { RendezvousPoints = [point.Endpoint.LocalAddress] };

        var joinEvery = TimeSpan.FromTicks(TimeSpan.FromSeconds(10).Ticks / nodes);
        for (var i = 0; i < nodes; i++)
        {
            var node = Create(net, keys, i, 30, null, unlimited: false);
            var manager = new DiscoveryManager([new RendezvousInterface(node, points)], node.KeyParser, clock, ownKey: node.MyPeer.PublicKey);
            manager.Advertise(Namespace(i, namespaces));
            managers.Add(manager);
            Advance(clock, joinEvery);
        }

        Advance(clock, NewcomersFrom - clock.Elapsed);
        var started = new List<(TimeSpan Start, IDiscoveryQuery Query)>();
        var times = new List<TimeSpan>();
        var done = new HashSet<int>();
        var end = NewcomersFrom + (NewcomerEvery * newcomers) + NewcomerLimit;
        var nextStart = clock.Elapsed;
        while (clock.Elapsed < end && done.Count < newcomers)
        {
            if (started.Count < newcomers && clock.Elapsed >= nextStart)
            {
                var index = started.Count;
                var newcomer = Create(net, keys, nodes + index, 30, null, unlimited: false);
                var manager = new DiscoveryManager([new RendezvousInterface(newcomer, points)], newcomer.KeyParser, clock, ownKey: newcomer.MyPeer.PublicKey);
                managers.Add(manager);
                started.Add((clock.Elapsed, manager.Request(Namespace(index, namespaces))));
                nextStart += NewcomerEvery;
            }

            clock.Advance(Step);
            for (var i = 0; i < started.Count; i++)
            {
                if (!done.Contains(i) && started[i].Query.Found > 0)
                {
                    done.Add(i);
                    var elapsed = clock.Elapsed - started[i].Start;
                    if (elapsed <= NewcomerLimit)
                    {
                        times.Add(elapsed);
                    }
                }
            }
        }

        var registrations = point.RegistrationCount;
        foreach (var manager in managers)
        {
            manager.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return new NewcomerResult(registrations, times);
    }

    private static string Namespace(int index, int namespaces) => string.Create(CultureInfo.InvariantCulture, $"ns{index % namespaces}");

    private static void Advance(VirtualClock clock, TimeSpan duration)
    {
        var end = clock.Elapsed + duration;
        while (clock.Elapsed < end)
        {
            clock.Advance(Step < end - clock.Elapsed ? Step : end - clock.Elapsed);
        }
    }

    private static RendezvousCommunity Create(SimulatedNetwork net, KeyFactory keys, int index, int maxPeers, RendezvousOptions? options, bool unlimited)
    {
        var endpoint = net.CreateEndpoint();
        endpoint.OpenAsync().AsTask().GetAwaiter().GetResult();
        var x25519 = SHA256.HashData(BitConverter.GetBytes(index));
        var settings = new CommunitySettings
        {
            CommunityId = Convert.FromHexString(RendezvousCommunity.DefaultCommunityIdHex),
            MyPeer = new MyPeer(keys.FromCurve25519Halves(x25519, SHA256.HashData(x25519))),
            Endpoint = endpoint,
            Network = new Network(new NetworkOptions { MaxVerifiedPeers = maxPeers + 16, MaxServiceEntries = maxPeers + 16 }),
            KeyFactory = keys,
            TimeProvider = net.Clock,
            RandomSeed = index,
            MaxPeers = maxPeers,
        };
        return new RendezvousCommunity(unlimited ? settings with { ReceiveLimits = ReceiveLimitOptions.Unlimited } : settings, options);
    }

    private sealed record NewcomerResult(int Registrations, List<TimeSpan> Times);
}
