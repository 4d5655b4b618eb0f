using System.Buffers.Binary;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;
using Ipv8.Simulation;
using Ipv8.Tracker;

namespace Ipv8.Tests.Tracker;

/// <summary>
/// Attack 5 of the hardening issue at the tracker: a flood of fresh keys must not starve legitimate peers, and
/// requests for 100,000 community ids must not grow the tracker's state beyond fixed bounds.
/// </summary>
[TestFixture]
public sealed class TrackerFloodTests
{
    private const int FloodKeys = 1_000;
    private const int LegitimateClients = 20;
    private const int Ticks = 120;
    private const int FloodSteps = 100;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);
    private static readonly byte[] LegitimatePrefix = [0, CommunityPrefix.DefaultVersion, .. TestOverlays.CommunityId];

    [Test]
    public async Task TrackerService_FloodFromThousandFreshKeysInTwoPrefixes_LegitimatePeersKeepNinetyFivePercentOfAnswers()
    {
        var (answered, tracker) = await RunFloodAsync(new TrackerOptions { RandomSeed = 3 });

        Assert.Multiple(() =>
        {
            Assert.That(answered, Is.GreaterThanOrEqualTo(0.95), "share of legitimate requests answered");
            Assert.That(tracker.Counters[TrackerCounter.RateLimitedPerPrefix], Is.Positive, "the prefix limit bit");
            Assert.That(tracker.UnprovenPrefixCount, Is.LessThanOrEqualTo(new TrackerOptions().MaxUnprovenPrefixes));
            Assert.That(tracker.Counters.UnprovenLimiter![ReceiveLimiterCounter.DroppedPrefix], Is.EqualTo(tracker.Counters[TrackerCounter.RateLimitedPerPrefix]));
        });
    }

    [Test]
    public async Task TrackerService_FloodWithoutPrefixLimit_StarvesLegitimatePeers()
    {
        // The control: the same flood with the prefix limit out of the way takes the whole global budget.
        var (answered, tracker) = await RunFloodAsync(new TrackerOptions { RandomSeed = 3, PrefixRequestsPerSecond = 1e6, PrefixRequestBurst = 1e6 });

        Assert.Multiple(() =>
        {
            Assert.That(answered, Is.LessThan(0.9));
            Assert.That(tracker.Counters[TrackerCounter.RateLimitedGlobal], Is.Positive);
        });
    }

    [Test]
    public async Task TrackerService_HundredThousandCommunityIds_StateStaysBoundedWhileLegitimatePeersAreServed()
    {
        const int attackers = 500;
        const int idsPerAttackerPerTick = 2;
        const int ticks = 100;
        var options = new TrackerOptions { RandomSeed = 8, MaxCommunities = 2_000, MaxPeers = 5_000, MaxServicesPerPeer = 16 };
        await using var swarm = await SimulatedSwarm.CreateBuilder(41)
            .WithKeys(new KeyFactory(SignatureBackendFactory.Create(SignatureBackendKind.Auto)))
            .WithTracker(_ => options)
            .AddPeers(LegitimateClients, FreshKey)
            .SkipToNextPrefix()
            .AddPeers(attackers, FreshKey)
            .BuildAsync();
        var (keys, network, tracker, trackerEndpoint) = (swarm.Keys, swarm.Network, swarm.Tracker!, swarm.TrackerHost!);
        var legitimate = Clients(swarm.Peers.Take(LegitimateClients), keys);
        var flood = Clients(swarm.Peers.Skip(LegitimateClients), keys);
        flood.ForEach(a => a.Client.KeepResponses = false);
        var prefix = new byte[CommunityPrefix.Length];
        prefix[1] = CommunityPrefix.DefaultVersion;
        var nextId = 0;
        long requests = 0, halfway = 0;

        for (var tick = 0; tick < ticks; tick++)
        {
            foreach (var attacker in flood)
            {
                for (var j = 0; j < idsPerAttackerPerTick; j++)
                {
                    BinaryPrimitives.WriteInt32BigEndian(prefix.AsSpan(2), ++nextId);
                    attacker.Client.Request(trackerEndpoint.Address, prefix, (ushort)j);
                }
            }

            foreach (var client in legitimate)
            {
                client.Client.Request(trackerEndpoint.Address, LegitimatePrefix, (ushort)tick);
                requests++;
            }

            network.Clock.Advance(Tick);
            if (tick == (ticks / 2) - 1)
            {
                halfway = GC.GetTotalMemory(forceFullCollection: true);
            }
        }

        network.Clock.Advance(TimeSpan.FromSeconds(2));
        var secondHalfGrowth = GC.GetTotalMemory(forceFullCollection: true) - halfway;
        var answers = legitimate.Sum(c => c.Client.Responses.Count);
        var introducedLegitimately = legitimate.Count(c => IntroducedOneOf(c.Client, legitimate, keys));
        TestContext.Out.WriteLine($"ids {nextId}, answers {answers}/{requests}, communities {tracker.CommunityCount}, peers {tracker.PeerCount}, " +
            $"evicted communities {tracker.Counters[TrackerCounter.CommunitiesEvicted]}, refused services {tracker.Counters[TrackerCounter.ServicesRefused]}, second-half growth {secondHalfGrowth / 1024} KiB");

        Assert.Multiple(() =>
        {
            Assert.That(nextId, Is.GreaterThanOrEqualTo(100_000), "distinct community ids requested");
            Assert.That(tracker.Counters[TrackerCounter.RequestsReceived], Is.GreaterThan(50_000), "the requests reached the tracker");
            Assert.That(tracker.CommunityCount, Is.LessThanOrEqualTo(options.MaxCommunities));
            Assert.That(tracker.PeerCount, Is.LessThanOrEqualTo(options.MaxPeers));
            Assert.That(tracker.ProvenAddressCount, Is.LessThanOrEqualTo(options.MaxProvenAddresses));
            Assert.That(tracker.PendingPingCount, Is.LessThanOrEqualTo(options.MaxPendingPings));
            Assert.That(tracker.Counters[TrackerCounter.CommunitiesEvicted] + tracker.Counters[TrackerCounter.ServicesRefused], Is.Positive, "a community bound bit");
            Assert.That(secondHalfGrowth, Is.LessThan(2L * 1024 * 1024), "memory kept growing with the number of community ids");
            Assert.That((double)answers / requests, Is.GreaterThanOrEqualTo(0.95), "share of legitimate requests answered");
            Assert.That(introducedLegitimately, Is.EqualTo(LegitimateClients), "every legitimate peer was introduced to another one");
        });
    }

    [Test]
    public void TrackerOptions_ToUnprovenLimits_CarriesThePerAddressPrefixAndGlobalLimits()
    {
        var options = new TrackerOptions { RequestsPerSecondPerAddress = 1, RequestBurstPerAddress = 2, PrefixRequestsPerSecond = 3, PrefixRequestBurst = 4, GlobalRequestsPerSecond = 5, GlobalRequestBurst = 6, MaxUnprovenAddresses = 7, MaxUnprovenPrefixes = 8 };

        Assert.That(options.ToUnprovenLimits(), Is.EqualTo(new ReceiveLimitOptions
        {
            AddressRate = 1, AddressBurst = 2, PrefixRate = 3, PrefixBurst = 4, GlobalRate = 5, GlobalBurst = 6, MaxAddresses = 7, MaxPrefixes = 8,
        }));
    }

    [TestCase(0, 1, 1)]
    [TestCase(1, 0.5, 1)]
    [TestCase(1, 1, 0)]
    public void TrackerOptions_Validate_RejectsBadPrefixLimits(double rate, double burst, int maxPrefixes) =>
        Assert.That(() => new TrackerOptions { PrefixRequestsPerSecond = rate, PrefixRequestBurst = burst, MaxUnprovenPrefixes = maxPrefixes }.ThrowIfInvalid(),
            Throws.InstanceOf<ArgumentOutOfRangeException>());

    private static async Task<(double Answered, TrackerService Tracker)> RunFloodAsync(TrackerOptions options)
    {
        var swarm = await SimulatedSwarm.CreateBuilder(17)
            .WithKeys(new KeyFactory(SignatureBackendFactory.Create(SignatureBackendKind.Auto)))
            .WithTracker(_ => options, e => new RecordingEndpoint(e))
            .AddPeers(LegitimateClients, FreshKey)
            .BuildAsync();
        var (keys, network, tracker, trackerEndpoint, recorder) = (swarm.Keys, swarm.Network, swarm.Tracker!, swarm.TrackerHost!, (RecordingEndpoint)swarm.Tracker!.Endpoint);
        var legitimate = Clients(swarm.Peers, keys);

        // 1,000 fresh keys, each at its own (spoofed) address in 192.0.2.0/24 or 203.0.113.0/24, each under the per-address rate.
        var flood = Enumerable.Range(0, FloodKeys).Select(i =>
        {
            var address = UdpAddress.FromIPv4((i % 2 == 0 ? 0xC000_0200u : 0xCB00_7100u) + 1 + (uint)(i / 2 % 254), (ushort)(1024 + i));
            return (Address: address, Datagram: RawClient.BuildRequest(keys.GenerateCurve25519(), LegitimatePrefix, trackerEndpoint.Address, address, (ushort)i));
        }).ToList();
        long requests = 0;

        for (var tick = 0; tick < Ticks; tick++)
        {
            // Legitimate peers arrive during the flood (new, unproven addresses), one every three ticks.
            for (var k = 0; k < legitimate.Count && k * 3 <= tick; k++)
            {
                legitimate[k].Client.Request(trackerEndpoint.Address, LegitimatePrefix, (ushort)tick);
                requests++;
            }

            // The flood is continuous: 10 datagrams every 5 ms (2,000 per second, 2 per address per second).
            for (var step = 0; step < FloodSteps; step++)
            {
                for (var j = step; j < flood.Count; j += FloodSteps)
                {
                    recorder.Inject(flood[j].Address, flood[j].Datagram);
                }

                network.Clock.Advance(Tick / FloodSteps);
            }
        }

        network.Clock.Advance(TimeSpan.FromSeconds(2));
        var answers = legitimate.Sum(c => c.Client.Responses.Count);
        TestContext.Out.WriteLine($"answers {answers}/{requests}, per prefix {tracker.Counters[TrackerCounter.RateLimitedPerPrefix]}, global {tracker.Counters[TrackerCounter.RateLimitedGlobal]}, " +
            $"per address {tracker.Counters[TrackerCounter.RateLimitedPerAddress]}, proven {tracker.Counters[TrackerCounter.AddressesProven]}");
        await swarm.DisposeAsync();
        return ((double)answers / requests, tracker);
    }

    /// <summary>Raw clients need only a host and a key: the peers get fresh keys (as the attackers' clients do) and no community.</summary>
    private static void FreshKey(SimulatedPeerBuilder peer) => peer.Key(peer.Swarm.Keys.GenerateCurve25519());

    private static List<(SimulatedEndpoint Endpoint, RawClient Client, PrivateKey Key)> Clients(IEnumerable<SimulatedPeer> peers, KeyFactory keys)
    {
        var clients = new List<(SimulatedEndpoint, RawClient, PrivateKey)>();
        foreach (var peer in peers)
        {
            var client = new RawClient(peer.Host, peer.Key, keys);
            peer.Host.AddListener(client);
            clients.Add((peer.Host, client, peer.Key));
        }

        return clients;
    }

    private static bool IntroducedOneOf(RawClient client, List<(SimulatedEndpoint Endpoint, RawClient Client, PrivateKey Key)> legitimate, KeyFactory keys)
    {
        var addresses = legitimate.Select(c => c.Endpoint.Address).ToHashSet();
        foreach (var response in client.Responses)
        {
            if (SignedMessage.TryParse(response, true, keys.TryParsePublicKey, out var message, out _)
                && message.TryReadPayload<IntroductionResponsePayload>(out var payload, out _)
                && addresses.Contains(payload.WanIntroductionAddress))
            {
                return true;
            }
        }

        return false;
    }
}
