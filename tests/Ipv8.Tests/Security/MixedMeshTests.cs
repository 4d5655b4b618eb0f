using Ipv8.Discovery;
using Ipv8.Simulation;
using Ipv8.Tests.Discovery;

namespace Ipv8.Tests.Security;

/// <summary>
/// A mesh where half the peers follow py-ipv8's rules exactly (trust off) and half are ours, bootstrapping through the real
/// tracker and walking with RandomWalk (target 20, max_peers 30): every peer reaches its target, ours never exceed max_peers,
/// and the mixed mesh fills about as fast as an all-py-ipv8 one.
/// </summary>
public class MixedMeshTests
{
    private const int PeerCount = 100;
    private const int Target = 20;
    private const int MaxPeers = 30;
    private const int Seconds = 90;

    [Test]
    public async Task RandomWalk_HalfPyIpv8HalfHardenedThroughTracker_EveryPeerReachesTarget()
    {
        var (counts, maxSeen, reachedAt) = await RunAsync(seed: 31, trust: i => i % 2 == 0);
        var reference = await RunAsync(seed: 31, trust: _ => false);
        var mixedMean = reachedAt.Average();
        var pyMean = reference.ReachedAt.Average();
        TestContext.Out.WriteLine($"mixed: min count {counts.Min()}, mean time to target {mixedMean:F1} s (max {reachedAt.Max():F1}); all py-ipv8: {pyMean:F1} s (max {reference.ReachedAt.Max():F1})");
        Assert.Multiple(() =>
        {
            for (var i = 0; i < PeerCount; i++)
            {
                var kind = i % 2 == 0 ? "hardened" : "py-ipv8";
                Assert.That(counts[i], Is.GreaterThanOrEqualTo(Target), $"{kind} peer {i} reached its target");
                Assert.That(maxSeen[i], Is.LessThanOrEqualTo(i % 2 == 0 ? MaxPeers : MaxPeers + 1), $"{kind} peer {i} stayed within its limit");
            }

            Assert.That(mixedMean, Is.LessThanOrEqualTo(pyMean * 1.25), "the mixed mesh fills about as fast as an all-py-ipv8 one");
        });
    }

    private static async Task<(int[] Counts, int[] MaxSeen, double[] ReachedAt)> RunAsync(int seed, Func<int, bool> trust)
    {
        var swarm = new Swarm(seed);
        await swarm.AddTrackerAsync();
        var maxSeen = new int[PeerCount];
        var reachedAt = Enumerable.Repeat((double)Seconds, PeerCount).ToArray();
        var joinedAt = new double[PeerCount];
        var start = swarm.Clock.GetUtcNow();
        for (var i = 0; i < PeerCount; i++)
        {
            joinedAt[i] = (swarm.Clock.GetUtcNow() - start).TotalSeconds;
            await swarm.JoinAsync(i, NatType.None, host => host.Loop!.Add(host.Overlay, new RandomWalk(host.Overlay, new RandomWalkOptions()), Target), maxPeers: MaxPeers, trust: trust(i));
            swarm.Clock.Advance(TimeSpan.FromMilliseconds(50));
        }

        while ((swarm.Clock.GetUtcNow() - start).TotalSeconds < Seconds)
        {
            swarm.Clock.Advance(TimeSpan.FromMilliseconds(250));
            var now = (swarm.Clock.GetUtcNow() - start).TotalSeconds;
            foreach (var host in swarm.Peers)
            {
                var count = host.Overlay.PeerCount;
                maxSeen[host.Index] = Math.Max(maxSeen[host.Index], count);
                if (count >= Target && reachedAt[host.Index] >= Seconds)
                {
                    reachedAt[host.Index] = now - joinedAt[host.Index];
                }
            }
        }

        return (swarm.Peers.Select(h => h.Overlay.PeerCount).ToArray(), maxSeen, reachedAt);
    }
}
