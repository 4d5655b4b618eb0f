using System.Diagnostics;
using System.Globalization;
using Ipv8.Communities;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Peers;
using Ipv8.Rendezvous;

namespace Ipv8.Benchmarks.Rendezvous;

/// <summary>
/// Rendezvous point throughput on real UDP loopback (not a test): one serving <see cref="RendezvousCommunity"/> on
/// 127.0.0.1 and K client overlays (own sockets on 127.0.0.1, each proven at the point by its first walk), each keeping
/// a window of requests in flight. Phase 1: REGISTERs of fresh namespaces (registrations/s the point stored). Then the
/// memory the point holds per registration (managed heap growth after a full GC, divided by registrations). Phase 2:
/// DISCOVERs of one namespace where every client is registered, limit 5 (one page of 5 records, about 1 KB, each;
/// discoveries/s completed by clients). The
/// point's per-address limits are raised for the run (the defaults, 100 registrations/s and 20 discoveries/s per
/// address, would measure the limiter). Usage: <c>dotnet run -c Release --project tests/Ipv8.Benchmarks -- rendezvous-udp
/// [--seconds 5] [--clients 8] [--window 8]</c>.
/// </summary>
internal static class RendezvousUdpBenchmark
{
    public static void Run(string[] args)
    {
        var seconds = 5.0;
        var clients = 8;
        var window = 8;
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
                default:
                    throw new ArgumentException($"Unknown option {args[i]}; known: --seconds, --clients, --window.");
            }
        }

        RunAsync(seconds, clients, window).GetAwaiter().GetResult();
    }

    private static async Task RunAsync(double seconds, int clientCount, int window)
    {
        var keys = new KeyFactory();
        var pointOptions = new RendezvousOptions
        {
            Serve = true,
            RegistrationsPerSecond = 1e9,
            RegistrationBurst = 1e9,
            DiscoveriesPerSecond = 1e9,
            DiscoveryBurst = 1e9,
            MaxRegistrationsPerKey = 1_000_000,
            MaxRegistrationsPerPrefix = 1_000_000,
            MaxRegistrations = 1_000_000,
        };
        var point = await CreateAsync(keys, pointOptions, maxPeers: 1000);
        var target = point.Endpoint.LocalAddress;
        var clients = new List<RendezvousCommunity>();
        try
        {
            for (var i = 0; i < clientCount; i++)
            {
                clients.Add(await CreateAsync(keys, new RendezvousOptions { MaxPendingRequests = 4096 }, maxPeers: 30));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rendezvous-udp: point on {target} (signature backend {keys.Backend.Name}), {clientCount} clients x window {window}; {Environment.ProcessorCount} cores; {LoadAverage()}"));
            var warmups = await Task.WhenAll(clients.Select(c => c.RegisterAsync(target, "warmup")));
            Console.WriteLine($"proven and registered: {warmups.Count(w => w.Succeeded)}/{clientCount}");

            GC.Collect();
            GC.WaitForPendingFinalizers();
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            var registrationsBefore = point.GetCount(RendezvousCounter.RegistrationsAccepted);
            var (registered, registerSeconds) = await ClosedLoopAsync(clients, window, seconds, (client, n) => client.RegisterAsync(target, $"ns-{n}").ContinueWith(t => t.Result.Succeeded, TaskScheduler.Default));
            var stored = point.GetCount(RendezvousCounter.RegistrationsAccepted) - registrationsBefore;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  registrations/s: {registered / registerSeconds:F0} ({registered} answered Ok in {registerSeconds:F1} s; point stored {stored}, holds {point.RegistrationCount})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  memory per registration: {(heapAfter - heapBefore) / (double)Math.Max(1, point.RegistrationCount - clientCount):F0} B managed heap (point's estimate {point.RegistrationBytes / Math.Max(1, point.RegistrationCount)} B)"));

            await Task.WhenAll(clients.Select(c => c.RegisterAsync(target, "bench")));

            var pagesBefore = point.GetCount(RendezvousCounter.DiscoverPagesServed);
            var (discovered, discoverSeconds) = await ClosedLoopAsync(clients, window, seconds, (client, _) => client.DiscoverAsync(target, "bench", limit: 5).ContinueWith(t => t.Result.Complete, TaskScheduler.Default));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  discoveries/s: {discovered / discoverSeconds:F0} ({discovered} complete in {discoverSeconds:F1} s; pages served {point.GetCount(RendezvousCounter.DiscoverPagesServed) - pagesBefore})"));
            Console.WriteLine("  point counters: " + string.Join(" ", point.GetCounters().ToFlatDictionary().Where(p => p.Value != 0 && p.Key.StartsWith("rendezvous_", StringComparison.Ordinal)).Select(p => $"{p.Key}={p.Value}")));
            Console.WriteLine($"  {LoadAverage()}");
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
                await client.Endpoint.DisposeAsync();
            }

            await point.DisposeAsync();
            await point.Endpoint.DisposeAsync();
        }
    }

    /// <summary>Runs <paramref name="request"/> from every client with <paramref name="window"/> in flight each for <paramref name="seconds"/>; returns the successes and the elapsed seconds.</summary>
    private static async Task<(long Successes, double Seconds)> ClosedLoopAsync(List<RendezvousCommunity> clients, int window, double seconds, Func<RendezvousCommunity, long, Task<bool>> request)
    {
        long successes = 0;
        long sequence = 0;
        var wall = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        async Task LaneAsync(RendezvousCommunity client)
        {
            while (wall.Elapsed < deadline)
            {
                if (await request(client, Interlocked.Increment(ref sequence)).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref successes);
                }
            }
        }

        await Task.WhenAll(clients.SelectMany(c => Enumerable.Range(0, window).Select(_ => Task.Run(() => LaneAsync(c)))));
        return (Interlocked.Read(ref successes), wall.Elapsed.TotalSeconds);
    }

    private static async Task<RendezvousCommunity> CreateAsync(KeyFactory keys, RendezvousOptions options, int maxPeers)
    {
        var endpoint = new UdpEndpoint(new UdpEndpointOptions { BindAddress = UdpAddress.Parse("127.0.0.1:0") });
        await endpoint.OpenAsync();
        return new RendezvousCommunity(
            new CommunitySettings
            {
                CommunityId = Convert.FromHexString(RendezvousCommunity.DefaultCommunityIdHex),
                MyPeer = new MyPeer(keys.GenerateCurve25519()),
                Endpoint = endpoint,
                Network = new Network(),
                KeyFactory = keys,
                MaxPeers = maxPeers,
                ReceiveLimits = new ReceiveLimitOptions { Enabled = false },
            },
            options);
    }

    private static string LoadAverage()
    {
        try
        {
            return "load " + File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "load n/a";
        }
    }
}
