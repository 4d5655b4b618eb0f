using Ipv8.Communities;
using Ipv8.Peers;
using Ipv8.Rendezvous;
using Ipv8.Simulation;
using Ipv8.Tests.Communities;

namespace Ipv8.Tests.Rendezvous;

/// <summary>Rendezvous overlays on a seeded <see cref="SimulatedNetwork"/> with a <see cref="VirtualClock"/>.</summary>
internal sealed class RendezvousBed(int seed = 1, SimulatedNetworkOptions? options = null)
{
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    public SimulatedNetwork Network { get; } = new((options ?? new SimulatedNetworkOptions()) with { Seed = seed });

    public VirtualClock Clock => Network.Clock;

    /// <summary>Gets every datagram sent by the bed's overlays, in order.</summary>
    public List<SentDatagram> Sent { get; } = [];

    public static RendezvousOptions Serving { get; } = new() { Serve = true };

    /// <summary>Adds a rendezvous point: serving, with room for many peers (a point answers the walks of all its clients).</summary>
    public Task<RendezvousCommunity> AddPointAsync(int keySeed, RendezvousOptions? options = null, bool trust = true)
        => AddAsync(keySeed, options ?? Serving, trust, maxPeers: 5000);

    public async Task<RendezvousCommunity> AddAsync(int keySeed, RendezvousOptions? options = null, bool trust = true, int maxPeers = 30)
    {
        var endpoint = new RecordingEndpoint(Network.CreateEndpoint(), Sent);
        await endpoint.OpenAsync();
        return new RendezvousCommunity(
            new CommunitySettings
            {
                CommunityId = Convert.FromHexString(RendezvousCommunity.DefaultCommunityIdHex),
                MyPeer = new MyPeer(TestOverlay.CreateKey(keySeed)),
                Endpoint = endpoint,
                Network = new Network(),
                KeyFactory = TestOverlay.Keys,
                TimeProvider = Clock,
                RandomSeed = keySeed,
                MaxPeers = maxPeers,
                Trust = new PeerTrustOptions { Enabled = trust },
            },
            options);
    }

    /// <summary>Advances the virtual clock in small steps until <paramref name="task"/> completes (at most <paramref name="max"/>), then returns its result.</summary>
    public async Task<T> RunAsync<T>(Task<T> task, TimeSpan? max = null)
    {
        var end = Clock.Elapsed + (max ?? TimeSpan.FromSeconds(30));
        while (!task.IsCompleted && Clock.Elapsed < end)
        {
            Clock.Advance(Step);
        }

        Assert.That(task.IsCompleted, Is.True, "the task completed within the virtual time allowed");
        return await task;
    }

    /// <summary>Advances the virtual clock until every task completed (at most <paramref name="max"/>); returns the results in order.</summary>
    public async Task<T[]> RunAllAsync<T>(IReadOnlyList<Task<T>> tasks, TimeSpan? max = null)
    {
        var end = Clock.Elapsed + (max ?? TimeSpan.FromSeconds(30));
        while (!tasks.All(t => t.IsCompleted) && Clock.Elapsed < end)
        {
            Clock.Advance(Step);
        }

        Assert.That(tasks.Count(t => !t.IsCompleted), Is.Zero, "every task completed within the virtual time allowed");
        var results = new T[tasks.Count];
        for (var i = 0; i < tasks.Count; i++)
        {
            results[i] = await tasks[i];
        }

        return results;
    }

    /// <summary>Skips public addresses until the next endpoint starts a fresh /24, so the following hosts share a prefix no earlier host has.</summary>
    public void SkipToNextPrefix()
    {
        while ((Network.CreateEndpoint().Address.IPv4Value & 0xFF) != 0)
        {
        }
    }

    public void Advance(TimeSpan duration)
    {
        var end = Clock.Elapsed + duration;
        while (Clock.Elapsed < end)
        {
            Clock.Advance(Step);
        }
    }
}
