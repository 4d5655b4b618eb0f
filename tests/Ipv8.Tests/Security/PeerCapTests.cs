using Ipv8.Communities;
using Ipv8.Messaging;
using Ipv8.Tests.Communities;

namespace Ipv8.Tests.Security;

/// <summary>The peer cap with the trust rules: never above max_peers, by request or by response; still answering when full.</summary>
public class PeerCapTests
{
    [Test]
    public async Task WalkTo_ResponsesBeyondMaxPyIpv8Rules_ExceedsMax()
    {
        var (peer, _) = await FillAsync(trust: false);
        Assert.That(peer.PeerCount, Is.GreaterThan(peer.MaxPeers), "py-ipv8 never refuses on responses");
    }

    [Test]
    public async Task WalkToAndRequests_BeyondMax_NeverExceedsMaxAndStillAnswers()
    {
        var (peer, others) = await FillAsync(trust: true);
        var answered = others.Count(o => o.ResponsesSeen.Any(p => p.Equals(peer.MyPeer)));
        Assert.Multiple(() =>
        {
            Assert.That(peer.PeerCount, Is.EqualTo(peer.MaxPeers));
            Assert.That(peer.Trust[TrustCounter.PeerCapRefusals], Is.Positive);
            Assert.That(answered, Is.EqualTo(others.Count), "every requester got an answer although the peer is full");
            Assert.That(peer.Drops[DropReason.PeerLimit], Is.Zero);
        });
    }

    [Test]
    public async Task Admission_FullOfSilentPeers_EvictsTheSilentOne()
    {
        var bed = new SimulatedBed(12);
        var peer = await bed.AddAsync(1, maxPeers: 2);
        var first = await bed.AddAsync(2);
        var second = await bed.AddAsync(3);
        var late = await bed.AddAsync(4);
        first.WalkTo(peer.Endpoint.LocalAddress);
        second.WalkTo(peer.Endpoint.LocalAddress);
        bed.Advance(4);
        bed.Clock.Advance(TimeSpan.FromSeconds(20));
        second.WalkTo(peer.Endpoint.LocalAddress);
        bed.Clock.Advance(TimeSpan.FromSeconds(15));
        late.WalkTo(peer.Endpoint.LocalAddress);
        bed.Advance(4);
        Assert.Multiple(() =>
        {
            Assert.That(peer.PeerCount, Is.EqualTo(2));
            Assert.That(CommunityWalkTests.Knows(peer, first), Is.False, "the peer silent for 35 s made room");
            Assert.That(CommunityWalkTests.Knows(peer, second), Is.True, "the responsive peer is kept");
            Assert.That(CommunityWalkTests.Knows(peer, late), Is.True);
            Assert.That(peer.Trust[TrustCounter.PeersEvicted], Is.EqualTo(1));
        });
    }

    /// <summary>A peer with max_peers 3 walks to six peers, and six others walk to it.</summary>
    private static async Task<(TestOverlay Peer, List<TestOverlay> Requesters)> FillAsync(bool trust)
    {
        var bed = new SimulatedBed(11);
        var peer = await bed.AddAsync(1, maxPeers: 3, trust: trust);
        var requesters = new List<TestOverlay>();
        for (var i = 0; i < 6; i++)
        {
            var walked = await bed.AddAsync(20 + i, trust: trust);
            peer.WalkTo(walked.Endpoint.LocalAddress);
            var requester = await bed.AddAsync(40 + i, trust: trust);
            requester.WalkTo(peer.Endpoint.LocalAddress);
            requesters.Add(requester);
            bed.Advance(2);
            Assert.That(peer.PeerCount, Is.LessThanOrEqualTo(trust ? peer.MaxPeers : int.MaxValue));
        }

        return (peer, requesters);
    }
}
