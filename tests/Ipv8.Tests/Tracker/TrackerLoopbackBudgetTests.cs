using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Simulation;
using Ipv8.Tracker;

namespace Ipv8.Tests.Tracker;

/// <summary>
/// The tracker's optional loopback budget (<see cref="TrackerOptions.LoopbackRequestsPerSecond"/>): the local instances of
/// a hosted tracker, all on 127.0.0.1, join at once within it, while remote /24 prefixes keep their default budgets. The
/// clock does not move during a test, so no bucket refills: every admitted newcomer is one token.
/// </summary>
[TestFixture]
public sealed class TrackerLoopbackBudgetTests
{
    private const int LocalInstances = 200;
    private static readonly byte[] Prefix = [0, CommunityPrefix.DefaultVersion, .. TestOverlays.CommunityId];

    /// <summary>What the hosted tracker uses for 200 instances (Launcher's HostedTracker.ForLocalInstances).</summary>
    private static readonly TrackerOptions HostedFor200 = new()
    {
        RandomSeed = 4,
        LoopbackRequestsPerSecond = 50 + LocalInstances,
        LoopbackRequestBurst = 100 + (2 * LocalInstances),
    };

    [Test]
    public async Task Admit_LoopbackBudgetForTwoHundredInstances_EveryLocalNewcomerIsPingedWhileAForeignPrefixKeepsItsDefaultBurst()
    {
        await using var bed = await Bed.CreateAsync(HostedFor200);

        var local = bed.Newcomers(LocalInstances, i => UdpAddress.FromIPv4(0x7F00_0001u, (ushort)(20_000 + i)));
        var foreign = bed.Newcomers(150, i => UdpAddress.FromIPv4(0xC000_0200u + 1 + (uint)i, 40_000)); // 192.0.2.0/24, simulated only

        Assert.Multiple(() =>
        {
            Assert.That(local, Is.EqualTo(LocalInstances), "local newcomers pinged");
            Assert.That(foreign, Is.EqualTo((int)new TrackerOptions().PrefixRequestBurst), "a remote /24 still gets the default burst");
            Assert.That(bed.Tracker.Counters[TrackerCounter.RateLimitedPerPrefix], Is.EqualTo(50), "only the foreign prefix was limited");
        });
    }

    [Test]
    public async Task Admit_StandaloneDefaults_LoopbackNewcomersShareOnePrefixBudget()
    {
        // The control: without a loopback budget (the standalone tracker's defaults) 127.0.0.1 is one /24 like any other.
        await using var bed = await Bed.CreateAsync(new TrackerOptions { RandomSeed = 4 });

        var local = bed.Newcomers(LocalInstances, i => UdpAddress.FromIPv4(0x7F00_0001u, (ushort)(20_000 + i)));

        Assert.That(local, Is.EqualTo((int)new TrackerOptions().PrefixRequestBurst));
    }

    [Test]
    public async Task Admit_LocalFloodBeyondTheLoopbackBudget_IsRefusedAndLeavesTheGlobalBudgetToRemotePrefixes()
    {
        await using var bed = await Bed.CreateAsync(new TrackerOptions { RandomSeed = 4, LoopbackRequestsPerSecond = 5, LoopbackRequestBurst = 10 });

        var local = bed.Newcomers(100, i => UdpAddress.FromIPv4(0x7F00_0001u + (uint)(i % 3), (ushort)(20_000 + i)));
        var remote = bed.Newcomers(300, i => UdpAddress.FromIPv4(new[] { 0xC000_0200u, 0xC633_6400u, 0xCB00_7100u }[i % 3] + 1 + (uint)(i / 3), 40_000));

        Assert.Multiple(() =>
        {
            Assert.That(local, Is.EqualTo(10), "bounded by the loopback burst, across 127.0.0.0/8");
            Assert.That(remote, Is.EqualTo(300), "three remote /24s, 100 each, within the untouched global burst of 400");
            Assert.That(bed.Tracker.Counters[TrackerCounter.RateLimitedGlobal], Is.Zero);
        });
    }

    [TestCase(1, 0)]
    [TestCase(0, 5)]
    [TestCase(-1, 0)]
    [TestCase(1, 0.5)]
    public void TrackerOptions_Validate_RejectsAHalfSetOrNegativeLoopbackBudget(double rate, double burst) =>
        Assert.That(() => new TrackerOptions { LoopbackRequestsPerSecond = rate, LoopbackRequestBurst = burst }.ThrowIfInvalid(),
            Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public void TrackerOptions_Defaults_HaveNoLoopbackBudget() =>
        Assert.That(new TrackerOptions().HasLoopbackBudget, Is.False);

    private sealed class Bed : IAsyncDisposable
    {
        private readonly SimulatedSwarm _swarm;
        private readonly RecordingEndpoint _recorder;

        private Bed(SimulatedSwarm swarm)
        {
            _swarm = swarm;
            _recorder = (RecordingEndpoint)swarm.Tracker!.Endpoint;
        }

        public TrackerService Tracker => _swarm.Tracker!;

        public static async Task<Bed> CreateAsync(TrackerOptions options) =>
            new(await SimulatedSwarm.CreateBuilder(23)
                .WithKeys(new KeyFactory(SignatureBackendFactory.Create(SignatureBackendKind.Auto)))
                .WithTracker(_ => options, e => new RecordingEndpoint(e))
                .BuildAsync());

        /// <summary>Sends one introduction-request from each of <paramref name="count"/> fresh keys at its address; returns how many got the proof ping.</summary>
        public int Newcomers(int count, Func<int, UdpAddress> address)
        {
            var sources = Enumerable.Range(0, count).Select(address).ToList();
            for (var i = 0; i < count; i++)
            {
                _recorder.Inject(sources[i], RawClient.BuildRequest(_swarm.Keys.GenerateCurve25519(), Prefix, _swarm.TrackerHost!.Address, sources[i], (ushort)i));
            }

            return sources.Count(s => _recorder.TrafficByAddress.TryGetValue(s, out var traffic) && traffic.PacketsOut > 0);
        }

        public ValueTask DisposeAsync() => _swarm.DisposeAsync();
    }
}
