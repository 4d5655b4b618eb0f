using Ipv8.Communities;
using Ipv8.Rendezvous;
using Ipv8.Simulation;
using Ipv8.Tests.Communities;

namespace Ipv8.Tests.Rendezvous;

/// <summary>
/// The rendezvous tests' defaults over <see cref="SimulatedSwarm"/>: rendezvous overlays keyed by seed on one seeded network,
/// advanced in steps of 100 ms, with a log of every datagram they send.
/// </summary>
internal sealed class RendezvousBed
{
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    public RendezvousBed(int seed = 1, SimulatedNetworkOptions? options = null)
    {
        // A swarm without tracker or peers builds synchronously (nothing to open yet); overlays join through AddAsync.
        Harness = SimulatedSwarm.CreateBuilder(seed)
            .WithNetwork(o => (options ?? o) with { Seed = seed })
            .WithKeys(TestOverlay.Keys)
            .WithCommunityId(new byte[20])
            .WithStep(Step)
            .BuildAsync().GetAwaiter().GetResult();
    }

    public SimulatedSwarm Harness { get; }

    public SimulatedNetwork Network => Harness.Network;

    public VirtualClock Clock => Harness.Clock;

    /// <summary>Gets every datagram sent by the bed's overlays, in order.</summary>
    public List<SentDatagram> Sent { get; } = [];

    public static RendezvousOptions Serving { get; } = new() { Serve = true };

    /// <summary>Adds a rendezvous point: serving, with room for many peers (a point answers the walks of all its clients).</summary>
    public Task<RendezvousCommunity> AddPointAsync(int keySeed, RendezvousOptions? options = null, bool trust = true)
        => AddAsync(keySeed, options ?? Serving, trust, maxPeers: 5000);

    public async Task<RendezvousCommunity> AddAsync(int keySeed, RendezvousOptions? options = null, bool trust = true, int maxPeers = 30)
    {
        var peer = await Harness.AddPeerAsync(p => p.KeySeed(keySeed)
            .WrapEndpoint(e => new RecordingEndpoint(e, Sent))
            .Community(s => new RendezvousCommunity(s, options), s => s with { MaxPeers = maxPeers, RandomSeed = keySeed, Trust = new PeerTrustOptions { Enabled = trust } }));
        return peer.Get<RendezvousCommunity>();
    }

    /// <summary>Advances the virtual clock in small steps until <paramref name="task"/> completes (at most <paramref name="max"/>), then returns its result.</summary>
    public async Task<T> RunAsync<T>(Task<T> task, TimeSpan? max = null)
    {
        Harness.RunUntil(() => task.IsCompleted, max ?? TimeSpan.FromSeconds(30));
        Assert.That(task.IsCompleted, Is.True, "the task completed within the virtual time allowed");
        return await task;
    }

    /// <summary>Advances the virtual clock until every task completed (at most <paramref name="max"/>); returns the results in order.</summary>
    public async Task<T[]> RunAllAsync<T>(IReadOnlyList<Task<T>> tasks, TimeSpan? max = null)
    {
        Harness.RunUntil(() => tasks.All(t => t.IsCompleted), max ?? TimeSpan.FromSeconds(30));
        Assert.That(tasks.Count(t => !t.IsCompleted), Is.Zero, "every task completed within the virtual time allowed");
        var results = new T[tasks.Count];
        for (var i = 0; i < tasks.Count; i++)
        {
            results[i] = await tasks[i];
        }

        return results;
    }

    /// <summary>Skips public addresses until the next endpoint starts a fresh /24, so the following hosts share a prefix no earlier host has.</summary>
    public void SkipToNextPrefix() => Harness.SkipToNextPrefix();

    public void Advance(TimeSpan duration) => Harness.Advance(duration);
}
