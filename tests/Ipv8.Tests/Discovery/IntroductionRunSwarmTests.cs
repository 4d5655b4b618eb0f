using Ipv8.Discovery;
using Ipv8.Messaging;
using Ipv8.Simulation;
using Ipv8.Tests.Communities;

namespace Ipv8.Tests.Discovery;

/// <summary>
/// Introduction runs (<see cref="RandomWalkOptions.IntroductionRun"/>) in a simulated swarm of 10 peers joining a real
/// tracker within half a second (the <c>swarm</c> benchmark's N = 10 on a virtual clock): trust rules on, RandomWalk target
/// 20 (never reached, so the walk never stops), eager walks 4, max_peers 30, fixed seeds. Every peer must find all 9 others.
/// </summary>
public class IntroductionRunSwarmTests
{
    private const int PeerCount = 10;
    private const int Target = 20;
    private static readonly int[] Seeds = [1, 2, 3, 4, 5, 6, 7, 8];

    [Test]
    public async Task RandomWalk_IntroductionRuns_TenPeerSwarm_LastPeerFoundSooner()
    {
        var withRuns = new List<double>();
        var without = new List<double>();
        foreach (var seed in Seeds)
        {
            withRuns.AddRange((await RunAsync(seed, introductionRun: 16)).Times);
            without.AddRange((await RunAsync(seed, introductionRun: 0)).Times);
        }

        var (p50Runs, p95Runs) = (Percentile(withRuns, 0.5), Percentile(withRuns, 0.95));
        var (p50Without, p95Without) = (Percentile(without, 0.5), Percentile(without, 0.95));
        TestContext.Out.WriteLine($"time to 9 peers over {withRuns.Count} peers: runs p50 {p50Runs:F1} s, p95 {p95Runs:F1} s; random peer (py-ipv8) p50 {p50Without:F1} s, p95 {p95Without:F1} s");
        Assert.Multiple(() =>
        {
            Assert.That(withRuns, Has.All.LessThan(double.PositiveInfinity), "every peer finds all 9 others with runs");
            Assert.That(p95Runs, Is.LessThan(p95Without), "the tail (the last peer) is shorter with runs");
            Assert.That(p50Runs, Is.LessThanOrEqualTo(p50Without), "and the median no longer");
        });
    }

    [Test]
    public async Task RandomWalk_IntroductionRuns_SteadyState_AtMostOneRequestPerStepToAnyPeerAndPyIpv8sRatePerSender()
    {
        var withRuns = await RunAsync(seed: 3, introductionRun: 16);
        var without = await RunAsync(seed: 3, introductionRun: 0);

        TestContext.Out.WriteLine($"steady state (15-30 s): runs {withRuns.PerSender:F2}/s per sender, most to one peer in one step {withRuns.MostPerPairPerStep}, "
            + $"mean per pair {withRuns.PerPair:F3}/s, most to one peer in the last 10 s {withRuns.MostPerPairLastTen}; random peer {without.PerSender:F2}/s, {without.MostPerPairPerStep}, {without.PerPair:F3}/s, {without.MostPerPairLastTen}");
        Assert.Multiple(() =>
        {
            Assert.That(withRuns.MostPerPairPerStep, Is.EqualTo(1), "never two introduction-requests from one peer to another within one walker interval");
            Assert.That(withRuns.PerSender, Is.LessThanOrEqualTo(2.0 + 0.05), "one request per 0.5 s step per sender, as py-ipv8");
            Assert.That(withRuns.PerPair, Is.EqualTo(without.PerPair).Within(0.05), "the same mean rate per pair as asking random peers");
            Assert.That(withRuns.MostPerPairLastTen, Is.LessThanOrEqualTo(without.MostPerPairLastTen + 2), "settled: no run of requests to one peer once everyone is known");
        });
    }

    [Test]
    public async Task RandomWalk_IntroductionRuns_SameSeedSameOutcome()
    {
        var first = await RunAsync(seed: 5, introductionRun: 16);
        var second = await RunAsync(seed: 5, introductionRun: 16);

        Assert.Multiple(() =>
        {
            Assert.That(second.Times, Is.EqualTo(first.Times));
            Assert.That(second.PerSender, Is.EqualTo(first.PerSender));
        });
    }

    private static async Task<Outcome> RunAsync(int seed, int introductionRun)
    {
        var swarm = new Swarm(seed);
        await swarm.AddTrackerAsync();
        var sent = new List<SentDatagram>();
        var joinedAt = new double[PeerCount];
        for (var i = 0; i < PeerCount; i++)
        {
            joinedAt[i] = swarm.Clock.Elapsed.TotalSeconds;
            await swarm.JoinAsync(
                i,
                NatType.None,
                host => host.Loop!.Add(host.Overlay, new RandomWalk(host.Overlay, new RandomWalkOptions { IntroductionRun = introductionRun }), Target),
                wrapEndpoint: e => new RecordingEndpoint(e, sent));
            swarm.Clock.Advance(TimeSpan.FromMilliseconds(50));
        }

        var peers = swarm.Peers.Select(h => h.Endpoint.Address).ToHashSet();
        var times = Enumerable.Repeat(double.PositiveInfinity, PeerCount).ToArray();
        var perPairPerStep = new Dictionary<(UdpAddress, UdpAddress), int>();
        var mostPerPairPerStep = 0;
        var steadyRequests = new Dictionary<(UdpAddress, UdpAddress), int>();
        var lastTen = new Dictionary<(UdpAddress, UdpAddress), int>();
        const int Steps = 60; // 30 s of 0.5 s steps
        for (var step = 0; step < Steps; step++)
        {
            var before = sent.Count;
            for (var tenth = 0; tenth < 5; tenth++)
            {
                swarm.Clock.Advance(TimeSpan.FromMilliseconds(100));
                foreach (var host in swarm.Peers)
                {
                    if (double.IsInfinity(times[host.Index]) && host.Overlay.PeerCount >= PeerCount - 1)
                    {
                        times[host.Index] = swarm.Clock.Elapsed.TotalSeconds - joinedAt[host.Index];
                    }
                }
            }

            if (step < 30)
            {
                continue;
            }

            // Steady state: introduction-requests (walks and challenges alike) from one peer to another within this step.
            perPairPerStep.Clear();
            for (var i = before; i < sent.Count; i++)
            {
                var datagram = sent[i];
                if (peers.Contains(datagram.Destination) && IsIntroductionRequest(datagram.Data))
                {
                    var pair = (datagram.Source, datagram.Destination);
                    perPairPerStep[pair] = perPairPerStep.GetValueOrDefault(pair) + 1;
                    steadyRequests[pair] = steadyRequests.GetValueOrDefault(pair) + 1;
                    if (step >= Steps - 20)
                    {
                        lastTen[pair] = lastTen.GetValueOrDefault(pair) + 1;
                    }
                }
            }

            mostPerPairPerStep = Math.Max(mostPerPairPerStep, perPairPerStep.Values.DefaultIfEmpty(0).Max());
        }

        const double SteadySeconds = 15;
        var perSender = steadyRequests.Values.Sum() / (double)PeerCount / SteadySeconds;
        var perPair = steadyRequests.Values.Sum() / (double)(PeerCount * (PeerCount - 1)) / SteadySeconds;
        return new Outcome(times, mostPerPairPerStep, perSender, perPair, lastTen.Values.DefaultIfEmpty(0).Max());
    }

    private static bool IsIntroductionRequest(byte[] datagram)
        => datagram.Length > 22 && datagram[22] is MessageIds.IntroductionRequest or MessageIds.NewIntroductionRequest;

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    private sealed record Outcome(double[] Times, int MostPerPairPerStep, double PerSender, double PerPair, int MostPerPairLastTen);
}
