using Ipv8.Communities;
using Ipv8.Simulation;
using Ipv8.Tests.Communities;

namespace Ipv8.Tests.Security;

/// <summary>
/// Issue 16, finding 1: newcomers under a flood of real addresses. 1,000 keys on 250 hosts × 4 ports of one /24 walk to a
/// full peer once a second each (1,000 requests/s) and answer every challenge (py-ipv8 rules, so return routability does
/// not stop them); 5 newcomer keys from another /24 start walking once a second after the flood filled the set. Targets:
/// at least 4 of 5 newcomers answered and 3 of 5 admitted within 10 s, peers known before the flood still answered ≥ 95 %.
/// </summary>
public class FairAdmissionTests
{
    private const int Legitimate = 10;
    private const int AttackerHosts = 250;
    private const int PortsPerHost = 4;
    private const int Newcomers = 5;
    private const int FillSeconds = 3;
    private const int NewcomerSeconds = 10;

    [Test]
    public async Task IntroductionRequest_FloodFromOnePrefix_NewcomersFromAnotherPrefixAnsweredAndAdmitted()
    {
        var bed = new SimulatedBed(29);
        var peer = await bed.AddAsync(1);
        var target = peer.Endpoint.LocalAddress;
        var legitimate = new List<TestOverlay>();
        for (var i = 0; i < Legitimate; i++)
        {
            var honest = await bed.AddAsync(100 + i);
            honest.WalkTo(target);
            legitimate.Add(honest);
        }

        bed.Advance(4);
        Assert.That(legitimate.Count(h => Holds(peer, h)), Is.EqualTo(Legitimate), "the peers known before the flood are in the set");

        bed.SkipToNextPrefix();
        var attackers = new List<TestOverlay>();
        for (var host = 0; host < AttackerHosts; host++)
        {
            var first = await bed.AddAsync(10_000 + (host * PortsPerHost), new SimulatedHostOptions(), trust: false);
            attackers.Add(first);
            var socket = (SimulatedEndpoint)((RecordingEndpoint)first.Endpoint).Inner;
            for (var port = 1; port < PortsPerHost; port++)
            {
                attackers.Add(await bed.AddAsync(10_000 + (host * PortsPerHost) + port, new SimulatedHostOptions { SameHostAs = socket, Port = (ushort)(socket.Address.Port + port) }, trust: false));
            }
        }

        bed.SkipToNextPrefix();
        var newcomers = new List<TestOverlay>();
        for (var i = 0; i < Newcomers; i++)
        {
            newcomers.Add(await bed.AddAsync(500 + i));
        }

        Assert.Multiple(() =>
        {
            Assert.That(attackers.Select(a => a.Endpoint.LocalAddress.IPv4Value >> 8).Distinct().Count(), Is.EqualTo(1), "the flood comes from one /24");
            Assert.That(newcomers.Select(n => n.Endpoint.LocalAddress.IPv4Value >> 8).Distinct().Single(), Is.Not.EqualTo(attackers[0].Endpoint.LocalAddress.IPv4Value >> 8));
        });

        var random = new Random(29);
        var legitimateBefore = legitimate.Sum(h => AnswersFrom(h, peer));
        var legitimateWalks = 0;
        var answeredAt = new double?[Newcomers];
        var admittedAt = new double?[Newcomers];
        for (var second = 0; second < FillSeconds + NewcomerSeconds; second++)
        {
            if (second == FillSeconds)
            {
                Assert.That(peer.PeerCount, Is.EqualTo(peer.MaxPeers), "the flood filled the peer set");
            }

            // Every attacker once a second (in two halves, one per tick), every other walker once a second.
            for (var half = 0; half < 2; half++)
            {
                var walkers = new List<TestOverlay>();
                for (var i = half; i < attackers.Count; i += 2)
                {
                    walkers.Add(attackers[i]);
                }

                if (half == 0)
                {
                    walkers.AddRange(legitimate);
                    legitimateWalks += Legitimate;
                    if (second >= FillSeconds)
                    {
                        walkers.AddRange(newcomers);
                    }
                }

                random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(walkers));
                foreach (var walker in walkers)
                {
                    walker.WalkTo(target);
                }

                bed.Advance();
                if (second >= FillSeconds)
                {
                    var elapsed = (second - FillSeconds) + ((half + 1) * SimulatedBed.Tick.TotalSeconds);
                    for (var n = 0; n < Newcomers; n++)
                    {
                        answeredAt[n] ??= AnswersFrom(newcomers[n], peer) > 0 ? elapsed : null;
                        admittedAt[n] ??= Holds(peer, newcomers[n]) ? elapsed : null;
                    }
                }
            }
        }

        bed.Advance(2);
        var legitimateAnswered = legitimate.Sum(h => AnswersFrom(h, peer)) - legitimateBefore;
        var legitimateShare = (double)legitimateAnswered / legitimateWalks;
        var answered = answeredAt.Count(t => t <= NewcomerSeconds);
        var admitted = admittedAt.Count(t => t <= NewcomerSeconds);
        TestContext.Out.WriteLine($"newcomers answered {answered}/{Newcomers} (at {string.Join(", ", answeredAt.Select(t => t?.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) ?? "-"))} s), " +
            $"admitted {admitted}/{Newcomers} (at {string.Join(", ", admittedAt.Select(t => t?.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) ?? "-"))} s); " +
            $"pre-flood peers answered {legitimateAnswered}/{legitimateWalks} ({legitimateShare:P1}); peer cap refusals {peer.Trust[TrustCounter.PeerCapRefusals]}, diversity evictions {peer.Trust[TrustCounter.DiversityEvictions]}, " +
            $"full answers {peer.Trust[TrustCounter.FullAnswers]} (newcomer priority {peer.Trust[TrustCounter.NewcomerFullAnswers]}), rate-limited {peer.Trust[TrustCounter.FullAnswersRateLimited]}");
        var options = new PeerTrustOptions();
        var seconds = FillSeconds + NewcomerSeconds + 1;
        Assert.Multiple(() =>
        {
            Assert.That(answered, Is.GreaterThanOrEqualTo(4), "at least 4 of 5 newcomers answered within 10 s");
            Assert.That(admitted, Is.GreaterThanOrEqualTo(3), "at least 3 of 5 newcomers admitted within 10 s");
            Assert.That(legitimateShare, Is.GreaterThanOrEqualTo(0.95), "peers known before the flood keep their answers");
            Assert.That(legitimate.Count(h => Holds(peer, h)), Is.EqualTo(Legitimate), "and their place");
            Assert.That(peer.PeerCount, Is.LessThanOrEqualTo(peer.MaxPeers));
            Assert.That(peer.Trust[TrustCounter.DiversityEvictions], Is.LessThanOrEqualTo(Newcomers), "the flood itself evicts nobody: no churn");
            Assert.That(peer.Trust[TrustCounter.FullAnswersRateLimited], Is.Positive, "the flood exceeded the while-full budget");
            Assert.That(peer.Trust[TrustCounter.FullAnswers], Is.LessThanOrEqualTo(options.FullAnswerPrefixBurst + (options.FullAnswersPerPrefixPerSecond * seconds) + Newcomers * 2 * seconds),
                "the flood's prefix got at most its share of the while-full answers");
        });
    }

    private static int AnswersFrom(TestOverlay walker, TestOverlay peer) => walker.ResponsesSeen.Count(p => p.Equals(peer.MyPeer));

    private static bool Holds(TestOverlay peer, TestOverlay other) => peer.GetPeers().Any(p => p.PublicKey.Equals(other.MyPeer.PublicKey));
}
