using Ipv8.Communities;
using Ipv8.Messaging;
using Ipv8.Tests.Communities;

namespace Ipv8.Tests.Security;

/// <summary>
/// Issue attacks 1 and 2: reflection toward a victim address. Each scenario runs against a py-ipv8-behaving peer
/// (<see cref="PeerTrustOptions.Enabled"/> false), where the attack works, and against ours, where what reaches the victim
/// never exceeds what the attacker sent, in bytes and in packets, counting the traffic of the peer's neighbours too.
/// </summary>
public class ReflectionTests
{
    private const int AttackPackets = 40;

    [Test]
    public async Task PunctureRequest_FromStrangerPyIpv8Rules_AmplifiesTowardVictim()
    {
        var (factorBytes, factorPackets, _) = await PunctureRequestAttackAsync(trust: false);
        Assert.Multiple(() =>
        {
            Assert.That(factorBytes, Is.GreaterThan(3.0), "py-ipv8 answers an unsigned request with a larger signed puncture");
            Assert.That(factorPackets, Is.EqualTo(1.0));
        });
    }

    [Test]
    public async Task PunctureRequest_FromStranger_NothingReachesVictim()
    {
        var (factorBytes, factorPackets, peer) = await PunctureRequestAttackAsync(trust: true);
        Assert.Multiple(() =>
        {
            Assert.That(factorBytes, Is.Zero);
            Assert.That(factorPackets, Is.Zero);
            Assert.That(peer.Trust[TrustCounter.UntrustedPunctureRequests], Is.EqualTo(AttackPackets));
            Assert.That(peer.Drops[DropReason.UntrustedSource], Is.EqualTo(AttackPackets));
        });
    }

    [Test]
    public async Task PunctureRequest_FloodFromProvenPeer_PuncturesPerTargetAndRequesterAreBounded()
    {
        var bed = new SimulatedBed(5);
        var peer = await bed.AddAsync(1);
        var insider = await bed.AddAsync(2);
        var victim = bed.Network.CreateEndpoint();
        await victim.OpenAsync();
        insider.WalkTo(peer.Endpoint.LocalAddress);
        bed.Advance(4);
        Assert.That(peer.IsProven(insider.Endpoint.LocalAddress, insider.MyPeer.PublicKey), Is.True, "the insider proved itself");

        // 200 requests in 2 s from a proven peer, all naming the same victim.
        for (var i = 0; i < 200; i++)
        {
            peer.OnDatagram(insider.Endpoint.LocalAddress, Attack.PunctureRequest(peer.Prefix, victim.Address, (ushort)i));
            if (i % 100 == 99)
            {
                bed.Clock.Advance(TimeSpan.FromSeconds(1));
            }
        }

        bed.Advance(2);
        var punctures = bed.Sent.Count(d => d.Destination == victim.Address);
        var options = new PeerTrustOptions();
        Assert.Multiple(() =>
        {
            Assert.That(punctures, Is.LessThanOrEqualTo(options.PunctureTargetBurst + (2 * options.PuncturesPerTargetPerSecond)));
            Assert.That(punctures, Is.Positive, "a proven peer's puncture-requests are honoured");
            Assert.That(peer.Trust[TrustCounter.PunctureRequestsRateLimited], Is.EqualTo(200 - punctures));
            Assert.That(peer.Drops[DropReason.RateLimited], Is.EqualTo(200 - punctures));
        });
    }

    [Test]
    public async Task IntroductionRequest_ForgedVictimSourcePyIpv8Rules_AmplifiesTowardVictim()
    {
        var (factorBytes, factorPackets, _) = await ForgedRequestAttackAsync(trust: false, walkToVictimFirst: false);
        Assert.Multiple(() =>
        {
            Assert.That(factorBytes, Is.GreaterThan(1.5), "a response plus the neighbour's puncture");
            Assert.That(factorPackets, Is.GreaterThanOrEqualTo(2.0), "a response and a neighbour's puncture per request");
        });
    }

    [Test]
    public async Task IntroductionRequest_ForgedVictimSource_ReflectionAtMostOne()
    {
        var (factorBytes, factorPackets, peer) = await ForgedRequestAttackAsync(trust: true, walkToVictimFirst: false);
        TestContext.Out.WriteLine($"bytes {factorBytes:F2}, packets {factorPackets:F2}");
        Assert.Multiple(() =>
        {
            Assert.That(factorBytes, Is.LessThanOrEqualTo(1.0));
            Assert.That(factorPackets, Is.LessThanOrEqualTo(1.0));
            Assert.That(peer.Trust[TrustCounter.ChallengesSent], Is.Positive);
            Assert.That(peer.PendingChallengeCount, Is.LessThanOrEqualTo(1), "one pending request per address");
            Assert.That(peer.PeerCount, Is.EqualTo(3), "the attacker's key was not added");
        });
    }

    [Test]
    public async Task IntroductionRequest_ForgedSourceWeWalkedTo_ReflectionAtMostOne()
    {
        var (factorBytes, factorPackets, peer) = await ForgedRequestAttackAsync(trust: true, walkToVictimFirst: true);
        TestContext.Out.WriteLine($"bytes {factorBytes:F2}, packets {factorPackets:F2}, budget drops {peer.Trust[TrustCounter.ReflectionBudgetDrops]}");
        Assert.Multiple(() =>
        {
            Assert.That(factorBytes, Is.LessThanOrEqualTo(1.0));
            Assert.That(factorPackets, Is.LessThanOrEqualTo(1.0));
            Assert.That(peer.Trust[TrustCounter.ReflectionBudgetDrops], Is.Positive, "the ledger refused answers larger than the forged requests");
            Assert.That(peer.Drops[DropReason.ReflectionBudget], Is.EqualTo(peer.Trust[TrustCounter.ReflectionBudgetDrops]));
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task IntroductionRequest_ForgedVictimSourceAlternatingDestination_SignedAnswersBoundedPerWindow(bool alternateKey)
    {
        // Issue 16, finding 2: a spoofer that keeps the peer waiting on the victim (one challenge pending) and alternates the
        // claimed destination (and, in the second case, its key) used to reset a count "in a row" and get a signed answer per
        // request. The early answers are now counted per source address, per key and per (source, destination) over a window.
        var bed = new SimulatedBed(6);
        var peer = await bed.AddAsync(1);
        var victim = bed.Network.CreateEndpoint();
        await victim.OpenAsync();
        var destinations = new[] { peer.Endpoint.LocalAddress, UdpAddress.Parse("192.0.2.7:8090"), UdpAddress.Parse("192.0.2.8:8090") };
        const int Requests = 120;
        for (var i = 0; i < Requests; i++)
        {
            var key = TestOverlay.CreateKey(alternateKey ? 2000 + i : 999);
            var request = Attack.IntroductionRequest(peer.Prefix, key, destinations[i % destinations.Length], victim.Address, (ushort)(3000 + i));
            peer.OnDatagram(victim.Address, request);
            bed.Advance();
        }

        bed.Advance(4);
        var seconds = (Requests + 4) * SimulatedBed.Tick.TotalSeconds;
        var toVictim = bed.Sent.Where(d => d.Destination == victim.Address).ToList();
        var signedAnswers = toVictim.Count(d => d.MessageId is 245 or 233);
        var challenges = toVictim.Count(d => d.MessageId is 246 or 234);
        var options = new PeerTrustOptions();
        var bound = options.EarlyAnswersPerWindow * (1 + (seconds / options.EarlyAnswerWindow.TotalSeconds));
        TestContext.Out.WriteLine($"{Requests} forged requests in {seconds} s: {signedAnswers} signed answers (bound {bound:F1}), {challenges} challenges, early answers refused {peer.Trust[TrustCounter.EarlyAnswersRefused]}");
        Assert.Multiple(() =>
        {
            Assert.That(signedAnswers, Is.LessThanOrEqualTo(bound), "signed answers before proof stay within the window's budget");
            Assert.That(challenges, Is.LessThanOrEqualTo(1 + (seconds / options.ChallengeTimeout.TotalSeconds)), "one challenge per challenge lifetime");
            Assert.That(peer.Trust[TrustCounter.EarlyAnswersRefused], Is.Positive, "the bound bit and was counted");
            Assert.That(toVictim.Count, Is.LessThanOrEqualTo(Requests), "never more packets than were forged");
            Assert.That(peer.PeerCount, Is.Zero, "nobody was admitted");
        });
    }

    private static async Task<(double Bytes, double Packets, TestOverlay Peer)> PunctureRequestAttackAsync(bool trust)
    {
        var bed = new SimulatedBed(3);
        var peer = await bed.AddAsync(1, trust: trust);
        var victim = bed.Network.CreateEndpoint();
        var attacker = bed.Network.CreateEndpoint();
        await victim.OpenAsync();
        await attacker.OpenAsync();
        for (var i = 0; i < AttackPackets; i++)
        {
            attacker.Send(peer.Endpoint.LocalAddress, Attack.PunctureRequest(peer.Prefix, victim.Address, (ushort)i));
            bed.Advance();
        }

        bed.Advance(4);
        return ((double)victim.Counters.BytesIn / attacker.Counters.BytesOut, (double)victim.Counters.PacketsIn / attacker.Counters.PacketsOut, peer);
    }

    /// <summary>
    /// The attacker sends introduction-requests signed by its own key but with the victim's address as UDP source (injected
    /// where the peer's endpoint would deliver them) to a peer that has three neighbours. Returns what reached the victim
    /// (from the peer and its neighbours, without the peer's own walk) over what the attacker sent.
    /// </summary>
    private static async Task<(double Bytes, double Packets, TestOverlay Peer)> ForgedRequestAttackAsync(bool trust, bool walkToVictimFirst)
    {
        var bed = new SimulatedBed(4);
        var peer = await bed.AddAsync(1, trust: trust);
        for (var i = 0; i < 3; i++)
        {
            var neighbour = await bed.AddAsync(10 + i, trust: trust);
            neighbour.WalkTo(peer.Endpoint.LocalAddress);
            bed.Advance(2);
        }

        var victim = bed.Network.CreateEndpoint();
        await victim.OpenAsync();
        var skip = 0;
        if (walkToVictimFirst)
        {
            peer.WalkTo(victim.Address);
            skip = 1;
        }

        var sentBefore = bed.Sent.Count;
        var key = TestOverlay.CreateKey(999);
        long attackBytes = 0;
        for (var i = 0; i < AttackPackets; i++)
        {
            var request = Attack.IntroductionRequest(peer.Prefix, key, peer.Endpoint.LocalAddress, victim.Address, (ushort)(1000 + i));
            attackBytes += request.Length;
            peer.OnDatagram(victim.Address, request);
            bed.Advance();
        }

        bed.Advance(4);
        Assert.That(bed.Sent.Skip(sentBefore).Count(d => d.Destination == victim.Address), Is.EqualTo(Attack.SentTo(bed, victim.Address, skip).Packets), "all traffic to the victim is from the attack");
        var (bytes, packets) = Attack.SentTo(bed, victim.Address, skip);
        return ((double)bytes / attackBytes, (double)packets / AttackPackets, peer);
    }
}
