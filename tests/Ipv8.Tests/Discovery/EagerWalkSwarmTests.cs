using Ipv8.Discovery;
using Ipv8.Simulation;

namespace Ipv8.Tests.Discovery;

/// <summary>
/// Eager walks (<see cref="RandomWalkOptions.EagerWalks"/>) and the peerless tracker back-off in a simulated swarm: 40 peers
/// joining a real tracker within 2 s, trust rules on, RandomWalk target 20, max_peers 30 (virtual clock, fixed seeds).
/// </summary>
public class EagerWalkSwarmTests
{
    private const int PeerCount = 40;
    private const int Target = 20;

    [Test]
    public async Task RandomWalk_EagerWalksWithTracker_ReachesTenPeersSoonerThanStepsAlone()
    {
        var (eagerTimes, eagerWalks, steps) = await RunAsync(eagerWalks: 4);
        var (plainTimes, plainEagerWalks, _) = await RunAsync(eagerWalks: 0);

        var eagerMedian = Median(eagerTimes);
        var plainMedian = Median(plainTimes);
        TestContext.Out.WriteLine($"median time to 10 peers: eager {eagerMedian:F1} s, steps alone {plainMedian:F1} s; eager walks {eagerWalks} in {steps} steps");
        Assert.Multiple(() =>
        {
            Assert.That(eagerTimes, Has.All.LessThan(double.PositiveInfinity), "every peer reaches 10 peers with eager walks");
            Assert.That(eagerMedian, Is.LessThan(plainMedian), "eager walks reach 10 peers sooner");
            Assert.That(eagerWalks, Is.GreaterThan(0));
            Assert.That(eagerWalks, Is.LessThanOrEqualTo(4 * steps), "at most eager_walks per step");
            Assert.That(plainEagerWalks, Is.Zero);
        });
    }

    [Test]
    public async Task RandomWalk_EagerWalks_SameSeedSameOutcome()
    {
        var first = await RunAsync(eagerWalks: 4);
        var second = await RunAsync(eagerWalks: 4);

        Assert.Multiple(() =>
        {
            Assert.That(second.Times, Is.EqualTo(first.Times));
            Assert.That(second.EagerWalks, Is.EqualTo(first.EagerWalks));
        });
    }

    /// <summary>Returns each peer's time (s) to 10 verified peers (infinite when not reached by 20 s), and the eager walks and steps made.</summary>
    private static async Task<(double[] Times, long EagerWalks, long Steps)> RunAsync(int eagerWalks)
    {
        var swarm = new Swarm(seed: 21);
        await swarm.AddTrackerAsync();
        var walks = new List<RandomWalk>();
        for (var i = 0; i < PeerCount; i++)
        {
            await swarm.JoinAsync(i, NatType.None, host =>
            {
                var walk = new RandomWalk(host.Overlay, new RandomWalkOptions { EagerWalks = eagerWalks });
                walks.Add(walk);
                host.Loop!.Add(host.Overlay, walk, Target);
            });
            swarm.Clock.Advance(TimeSpan.FromMilliseconds(50));
        }

        var joined = swarm.Clock.Elapsed;
        var times = Enumerable.Repeat(double.PositiveInfinity, PeerCount).ToArray();
        for (var tenth = 0; tenth < 200; tenth++)
        {
            swarm.Clock.Advance(TimeSpan.FromMilliseconds(100));
            foreach (var host in swarm.Peers)
            {
                if (double.IsInfinity(times[host.Index]) && host.Overlay.PeerCount >= 10)
                {
                    times[host.Index] = (swarm.Clock.Elapsed - joined).TotalSeconds + (0.05 * (PeerCount - host.Index));
                }
            }
        }

        return (times, walks.Sum(w => w.EagerWalkCount), swarm.Peers.Sum(h => h.Loop!.Steps));
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
