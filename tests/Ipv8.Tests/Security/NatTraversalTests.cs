using Ipv8.Communities;
using Ipv8.Discovery;
using Ipv8.Simulation;
using Ipv8.Tests.Discovery;

namespace Ipv8.Tests.Security;

/// <summary>
/// NAT traversal keeps working under the trust rules: the tracker (proven by our walk to it, never a peer) and proven peers
/// may still ask us to puncture toward the peers they introduce, so peers behind port-restricted NATs reach each other.
/// </summary>
public class NatTraversalTests
{
    private const int PeerCount = 40;

    [Test]
    public async Task RandomWalk_PortRestrictedPeersThroughTracker_PunctureAndConnect()
    {
        var swarm = new Swarm(41);
        await swarm.AddTrackerAsync();
        for (var i = 0; i < PeerCount; i++)
        {
            await swarm.JoinAsync(i, i % 2 == 0 ? NatType.PortRestricted : NatType.None, host => host.Loop!.Add(host.Overlay, new RandomWalk(host.Overlay, new RandomWalkOptions()), 20), maxPeers: 30);
            swarm.Clock.Advance(TimeSpan.FromMilliseconds(50));
        }

        swarm.AdvanceSeconds(60);
        var byKey = swarm.Peers.ToDictionary(h => Convert.ToHexString(h.Overlay.MyPeer.PublicKey.KeyBin));
        var natPairs = swarm.Peers.Where(h => h.Nat == NatType.PortRestricted)
            .Sum(h => h.Overlay.GetPeers().Count(p => byKey[Convert.ToHexString(p.PublicKey.KeyBin)].Nat == NatType.PortRestricted));
        var natCounts = swarm.Peers.Where(h => h.Nat == NatType.PortRestricted).Select(h => h.Overlay.PeerCount).ToArray();
        TestContext.Out.WriteLine($"port-restricted pairs {natPairs}, NATed peer counts min {natCounts.Min()} mean {natCounts.Average():F1}");
        Assert.Multiple(() =>
        {
            Assert.That(natPairs, Is.Positive, "port-restricted peers reached each other by puncturing");
            Assert.That(natCounts, Has.All.GreaterThanOrEqualTo(10));
            // A puncture-request the tracker sends right after proving a peer can overtake (latency jitter) the response that
            // proves the tracker at that peer; such a rare early request is ignored.
            Assert.That(swarm.Peers.Sum(h => h.Overlay.Trust[TrustCounter.UntrustedPunctureRequests]), Is.LessThanOrEqualTo(PeerCount / 10), "puncture-requests come from proven addresses");
        });
    }
}
