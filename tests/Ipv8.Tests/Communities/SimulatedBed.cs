using Ipv8.Bootstrapping;
using Ipv8.Communities;
using Ipv8.Simulation;

namespace Ipv8.Tests.Communities;

/// <summary>
/// The community tests' defaults over <see cref="SimulatedSwarm"/>: <see cref="TestOverlay"/>s keyed by seed on one seeded
/// network, advanced in ticks of 500 ms, with a log of every datagram they send.
/// </summary>
internal sealed class SimulatedBed
{
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    public SimulatedBed(int seed = 1)
    {
        // A swarm without tracker or peers builds synchronously (nothing to open yet); overlays join through AddAsync.
        Harness = SimulatedSwarm.CreateBuilder(seed).WithKeys(TestOverlay.Keys).WithCommunityId(TestOverlay.DefaultId).WithStep(Tick).BuildAsync().GetAwaiter().GetResult();
    }

    public SimulatedSwarm Harness { get; }

    public SimulatedNetwork Network => Harness.Network;

    public VirtualClock Clock => Harness.Clock;

    public List<SentDatagram> Sent { get; } = [];

    public Task<TestOverlay> AddAsync(int keySeed, NatType nat = NatType.None, int maxPeers = 30, IReadOnlyList<IBootstrapper>? bootstrappers = null, bool trust = true)
        => AddAsync(keySeed, new SimulatedHostOptions { NatType = nat }, trust, maxPeers, bootstrappers);

    /// <summary>Adds an overlay on a host placed as <paramref name="host"/> says (e.g. another port of an existing host).</summary>
    public async Task<TestOverlay> AddAsync(int keySeed, SimulatedHostOptions host, bool trust = true, int maxPeers = 30, IReadOnlyList<IBootstrapper>? bootstrappers = null)
    {
        var peer = await Harness.AddPeerAsync(p => p.Host(host).KeySeed(keySeed)
            .WrapEndpoint(e => new RecordingEndpoint(e, Sent))
            .Bootstrappers(_ => bootstrappers ?? [])
            .Community(s => new TestOverlay(s), s => s with { MaxPeers = maxPeers, RandomSeed = keySeed, Trust = new PeerTrustOptions { Enabled = trust } }));
        return peer.Get<TestOverlay>();
    }

    /// <summary>
    /// Skips public addresses until the next one handed out is the first host of the /24 after the current one (the skipped
    /// endpoints stay closed), so the following hosts share a /24 prefix that no earlier host has.
    /// </summary>
    public void SkipToNextPrefix() => Harness.SkipToNextPrefix();

    public void Advance(int ticks = 1) => Harness.Advance(Tick * ticks);
}
