using Ipv8.Communities;
using Ipv8.Tests.Communities;

namespace Ipv8.Tests.Security;

/// <summary>
/// Issue attack 4: introduction-requests from 1,000 fresh keys. The attackers are full py-ipv8 peers on their own addresses,
/// so they answer every challenge (the worst case: return routability does not stop them). Under py-ipv8 rules they fill
/// max_peers and the peer then ignores every request, legitimate ones included; with the trust rules the legitimate,
/// responsive peers keep their place and their answers.
/// </summary>
public class PeerFloodTests
{
    private const int Legitimate = 10;
    private const int Attackers = 1000;
    private const int FloodSeconds = 10;

    [Test]
    public async Task IntroductionRequest_FloodFromThousandKeysPyIpv8Rules_LocksOutLegitimatePeers()
    {
        var (answered, walks, _, _) = await FloodAsync(trust: false);
        TestContext.Out.WriteLine($"py-ipv8 rules: legitimate answers {answered}/{walks}");
        Assert.That((double)answered / walks, Is.LessThan(0.5), "the full peer refuses every request");
    }

    [Test]
    public async Task IntroductionRequest_FloodFromThousandKeys_LegitimatePeersKeepAnswersAndPlace()
    {
        var (answered, walks, stayed, peer) = await FloodAsync(trust: true);
        TestContext.Out.WriteLine($"trust rules: legitimate answers {answered}/{walks}, refusals {peer.Trust[TrustCounter.PeerCapRefusals]}, full answers {peer.Trust[TrustCounter.FullAnswers]}, rate-limited {peer.Trust[TrustCounter.FullAnswersRateLimited]}, evicted {peer.Trust[TrustCounter.PeersEvicted]}");
        Assert.Multiple(() =>
        {
            Assert.That((double)answered / walks, Is.GreaterThanOrEqualTo(0.95));
            Assert.That(stayed, Is.EqualTo(Legitimate), "every legitimate peer stays in the peer set");
            Assert.That(peer.PeerCount, Is.LessThanOrEqualTo(peer.MaxPeers));
            Assert.That(peer.Trust[TrustCounter.PeerCapRefusals], Is.Positive, "the cap bit and was counted");
            Assert.That(peer.Trust[TrustCounter.FullAnswers], Is.Positive, "requests are still answered while full");
        });
    }

    [Test]
    public async Task IntroductionRequest_FullPeerUnderFlood_NewJoinersGetTheirShareOfTheBoundedRate()
    {
        // The peer set is full of responsive peers (the legitimate ones and the first attackers), so newly proven requesters
        // (hardened new joiners and the remaining attackers alike) are answered only from the shared while-full budget.
        const int Joiners = 10;
        var bed = new SimulatedBed(19);
        var peer = await bed.AddAsync(1);
        var target = peer.Endpoint.LocalAddress;
        var legitimate = new List<TestOverlay>();
        for (var i = 0; i < Legitimate; i++)
        {
            var honest = await bed.AddAsync(100 + i);
            honest.WalkTo(target);
            legitimate.Add(honest);
        }

        var attackers = new List<TestOverlay>();
        for (var i = 0; i < Attackers; i++)
        {
            attackers.Add(await bed.AddAsync(10_000 + i, trust: false));
        }

        var joiners = new List<TestOverlay>();
        for (var i = 0; i < Joiners; i++)
        {
            joiners.Add(await bed.AddAsync(500 + i));
        }

        bed.Advance(4);
        var random = new Random(19);
        var start = bed.Clock.Elapsed;
        long joinerWalks = 0, attackerWalks = 0;
        long attackerAnswersBefore = 0, fullAnswersBefore = 0;
        for (var second = 0; second < 2 * FloodSeconds; second++)
        {
            if (second == 2)
            {
                Assert.That(peer.PeerCount, Is.EqualTo(peer.MaxPeers), "the flood filled the peer set");
                attackerAnswersBefore = attackers.Sum(a => a.ResponsesSeen.Count(p => p.Equals(peer.MyPeer)));
                fullAnswersBefore = peer.Trust[TrustCounter.FullAnswers];
            }

            var walkers = legitimate.ToList();
            for (var i = second % 2; i < Attackers; i += 2)
            {
                walkers.Add(attackers[i]);
                attackerWalks += second >= 2 ? 1 : 0;
            }

            if (second >= 2)
            {
                walkers.AddRange(joiners);
                joinerWalks += Joiners;
            }

            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(walkers));
            foreach (var walker in walkers)
            {
                walker.WalkTo(target);
            }

            bed.Advance(2);
        }

        bed.Advance(4);
        var elapsed = (bed.Clock.Elapsed - start).TotalSeconds;
        var options = new PeerTrustOptions();
        var joinerAnswers = joiners.Sum(j => j.ResponsesSeen.Count(p => p.Equals(peer.MyPeer)));
        var attackerAnswers = attackers.Sum(a => a.ResponsesSeen.Count(p => p.Equals(peer.MyPeer))) - attackerAnswersBefore;
        var joinerShare = (double)joinerAnswers / joinerWalks;
        var attackerShare = (double)attackerAnswers / attackerWalks;
        TestContext.Out.WriteLine($"joiners {joinerAnswers}/{joinerWalks} ({joinerShare:P1}), attackers {attackerAnswers}/{attackerWalks} ({attackerShare:P1}), full answers {peer.Trust[TrustCounter.FullAnswers] - fullAnswersBefore}, rate-limited {peer.Trust[TrustCounter.FullAnswersRateLimited]}, joiners answered at least once {joiners.Count(j => j.ResponsesSeen.Any(p => p.Equals(peer.MyPeer)))}");
        Assert.Multiple(() =>
        {
            Assert.That(peer.Trust[TrustCounter.FullAnswers], Is.LessThanOrEqualTo(options.FullAnswerBurst + (options.FullAnswersPerSecond * elapsed)), "answers while full stay within the bounded rate");
            Assert.That(peer.Trust[TrustCounter.FullAnswersRateLimited], Is.Positive, "the flood exceeded the rate");
            Assert.That(joinerAnswers, Is.Positive, "new joiners are still answered while full");
            Assert.That(joinerShare, Is.GreaterThanOrEqualTo(attackerShare / 2), "new joiners are not starved relative to the flood");
            Assert.That(peer.PeerCount, Is.LessThanOrEqualTo(peer.MaxPeers));
            Assert.That(legitimate.Count(h => peer.Network.GetVerifiedByPublicKeyBin(h.MyPeer.PublicKey.KeyBin) is not null), Is.EqualTo(Legitimate));
        });
    }

    private static async Task<(int Answered, int Walks, int Stayed, TestOverlay Peer)> FloodAsync(bool trust)
    {
        var bed = new SimulatedBed(9);
        var peer = await bed.AddAsync(1, trust: trust);
        var target = peer.Endpoint.LocalAddress;
        var legitimate = new List<TestOverlay>();
        for (var i = 0; i < Legitimate; i++)
        {
            var honest = await bed.AddAsync(100 + i);
            honest.WalkTo(target);
            legitimate.Add(honest);
        }

        bed.Advance(4);
        var attackers = new List<TestOverlay>();
        for (var i = 0; i < Attackers; i++)
        {
            attackers.Add(await bed.AddAsync(10_000 + i, trust: false));
        }

        var before = legitimate.Sum(h => h.ResponsesSeen.Count(p => p.Equals(peer.MyPeer)));
        var walks = 0;
        for (var second = 0; second < FloodSeconds; second++)
        {
            foreach (var honest in legitimate)
            {
                honest.WalkTo(target);
                walks++;
            }

            for (var i = second % 2; i < Attackers; i += 2)
            {
                attackers[i].WalkTo(target);
            }

            bed.Advance(2);
        }

        bed.Advance(4);
        var answered = legitimate.Sum(h => h.ResponsesSeen.Count(p => p.Equals(peer.MyPeer))) - before;
        var stayed = legitimate.Count(h => peer.Network.GetVerifiedByPublicKeyBin(h.MyPeer.PublicKey.KeyBin) is not null);
        return (answered, walks, stayed, peer);
    }
}
