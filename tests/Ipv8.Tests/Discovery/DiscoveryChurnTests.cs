using Ipv8.Discovery;
using Ipv8.Simulation;

namespace Ipv8.Tests.Discovery;

/// <summary>Churn on the simulated network: RandomChurn on the DiscoveryCommunity removes stopped peers and the walk refills.</summary>
public class DiscoveryChurnTests
{
    [Test]
    public async Task RandomChurn_FiftyPeersStop_SurvivorsDropThemWithinDropTimeAndRefill()
    {
        var swarm = new Swarm(seed: 21);
        await swarm.AddIntroducerAsync();
        var churnOptions = new RandomChurnOptions { SampleSize = 64 };
        for (var i = 0; i < 200; i++)
        {
            await swarm.JoinAsync(i, NatType.None, host =>
            {
                host.Loop!.Add(host.Overlay, new RandomWalk(host.Overlay, new RandomWalkOptions()), 20);
                host.Loop.Add(host.Overlay, new RandomChurn(host.Overlay, churnOptions), -1);
            }, withCommunity: false, withDiscovery: true);
            swarm.Clock.Advance(TimeSpan.FromMilliseconds(50));
        }

        swarm.AdvanceSeconds(50);
        var stopped = swarm.Peers.Where(h => h.Index % 4 == 0).ToList();
        var survivors = swarm.Peers.Where(h => h.Index % 4 != 0).ToList();
        var stoppedKeys = stopped.Select(h => Convert.ToHexString(h.Overlay.MyPeer.PublicKey.KeyBin)).ToHashSet();
        foreach (var host in stopped)
        {
            host.Loop!.Stop();
            await host.Endpoint.CloseAsync();
        }

        int HeldDead() => survivors.Sum(h => h.Overlay.GetPeers().Count(p => stoppedKeys.Contains(Convert.ToHexString(p.PublicKey.KeyBin))));
        var heldAtStop = HeldDead();
        swarm.AdvanceSeconds(57);
        var heldBeforeDropTime = HeldDead();

        // The last datagram of a stopped peer arrived at most 80 ms after the stop; the first step after drop_time (57.5 s) removes it.
        swarm.AdvanceSeconds(1.1);
        var heldAfterDropTime = HeldDead();
        swarm.AdvanceSeconds(30);
        var counts = survivors.Select(h => h.Overlay.PeerCount).ToArray();

        TestContext.Out.WriteLine($"dead peers held: {heldAtStop} at stop, {heldBeforeDropTime} at +57 s, {heldAfterDropTime} at +58.1 s; survivors min {counts.Min()} mean {counts.Average():F1}");
        Assert.Multiple(() =>
        {
            Assert.That(heldAtStop, Is.Positive, "survivors knew stopped peers");
            Assert.That(heldAfterDropTime, Is.Zero, "every survivor dropped every stopped peer within drop time and a tick");
            Assert.That(counts, Has.All.GreaterThanOrEqualTo(10), "survivors refilled from the other survivors");
            Assert.That(HeldDead(), Is.Zero);
        });
    }
}
