using System.Buffers.Binary;
using Ipv8.Messaging;
using Ipv8.Tracker;

namespace Ipv8.Tests.Tracker;

[TestFixture]
public sealed class TrackerHostileInputTests
{
    private const int Ticks = 160;
    private const int SpoofedPerTick = 400;
    private const int AttackerPerTick = 225;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    [Test]
    public async Task TrackerService_FloodGarbageAndManyCommunities_StaysBoundedKeepsServingAndNeverReflects()
    {
        var options = new TrackerOptions
        {
            RandomSeed = 5,
            MaxCommunities = 200,
            MaxPeers = 500,
            MaxPendingPings = 256,
            MaxUnprovenAddresses = 512,
            MaxProvenAddresses = 500,
            MaxServicesPerPeer = 16,
        };
        await using var swarm = await TrackerSimulationTests.PairOnTracker(seed: 21, options, e => new RecordingEndpoint(e), before: s => s.AddPeer()).BuildAsync();
        var (keys, network, tracker, recorder) = (swarm.Keys, swarm.Network, swarm.Tracker!, (RecordingEndpoint)swarm.Tracker!.Endpoint);
        var (trackerEndpoint, attackerEndpoint, a, b) = (swarm.TrackerHost!, swarm.Peers[0].Host, swarm.Peers[1].Community, swarm.Peers[2].Community);
        var attacker = new RawClient(attackerEndpoint, keys.GenerateCurve25519(), keys);
        attackerEndpoint.AddListener(attacker);
        var floodKey = keys.GenerateCurve25519();
        var random = new Random(9);
        var prefix = new byte[CommunityPrefix.Length];
        prefix[1] = CommunityPrefix.DefaultVersion;
        var nextCommunity = 0;
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);

        for (var tick = 0; tick < Ticks; tick++)
        {
            for (var j = 0; j < SpoofedPerTick; j++)
            {
                BinaryPrimitives.WriteInt32BigEndian(prefix.AsSpan(2), nextCommunity++);
                var spoofed = UdpAddress.FromIPv4(0xC6336400u + (uint)random.Next(1, 255), (ushort)random.Next(1024, 65_536));
                recorder.Inject(spoofed, RawClient.BuildRequest(floodKey, prefix, trackerEndpoint.Address, spoofed, (ushort)j));
            }

            for (var j = 0; j < 60; j++)
            {
                var garbage = new byte[random.Next(0, 300)];
                random.NextBytes(garbage);
                if (garbage.Length > 23 && j % 2 == 0)
                {
                    garbage[0] = 0;
                    garbage[22] = (byte)(j % 4 == 0 ? 246 : 245);
                }

                recorder.Inject(UdpAddress.FromIPv4(0xCB007100u + (uint)random.Next(1, 255), (ushort)random.Next(1024, 65_536)), garbage);
            }

            for (var j = 0; j < AttackerPerTick; j++)
            {
                BinaryPrimitives.WriteInt32BigEndian(prefix.AsSpan(2), nextCommunity++);
                attacker.Request(trackerEndpoint.Address, prefix, (ushort)j);
            }

            TestOverlays.Step(a);
            TestOverlays.Step(b);
            network.Clock.Advance(Tick);
        }

        var memoryGrowth = GC.GetTotalMemory(forceFullCollection: true) - memoryBefore;
        var wellBehaved = new HashSet<UdpAddress> { a.Endpoint.LocalAddress, b.Endpoint.LocalAddress, attackerEndpoint.Address };
        var reflected = recorder.TrafficByAddress
            .Where(t => !wellBehaved.Contains(t.Key) && (t.Value.PacketsOut > t.Value.PacketsIn || t.Value.BytesOut > t.Value.BytesIn))
            .Select(t => t.Key)
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(nextCommunity, Is.GreaterThanOrEqualTo(100_000), "distinct community ids requested");
            Assert.That(TestOverlays.Knows(a, b) && TestOverlays.Knows(b, a), Is.True, "well-behaved peers still find each other");
            Assert.That(tracker.PeerCount, Is.LessThanOrEqualTo(options.MaxPeers));
            Assert.That(tracker.CommunityCount, Is.LessThanOrEqualTo(options.MaxCommunities));
            Assert.That(tracker.PendingPingCount, Is.LessThanOrEqualTo(options.MaxPendingPings));
            Assert.That(tracker.UnprovenAddressCount, Is.LessThanOrEqualTo(options.MaxUnprovenAddresses));
            Assert.That(tracker.ProvenAddressCount, Is.LessThanOrEqualTo(options.MaxProvenAddresses));
            Assert.That(tracker.Counters[TrackerCounter.RateLimitedPerPrefix], Is.GreaterThan(0), "the spoofed flood comes from one /24");
            Assert.That(tracker.UnprovenPrefixCount, Is.LessThanOrEqualTo(options.MaxUnprovenPrefixes));
            Assert.That(tracker.Counters[TrackerCounter.RateLimitedPerAddress], Is.GreaterThan(0));
            Assert.That(tracker.Counters[TrackerCounter.ServicesRefused], Is.GreaterThan(0));
            Assert.That(tracker.Counters.Drops.Total, Is.GreaterThan(0));
            Assert.That(attacker.PingsAnswered, Is.GreaterThan(0));
            Assert.That(reflected, Is.Empty, "unproven addresses sent more than they sent us");
            Assert.That(memoryGrowth, Is.LessThan(64L * 1024 * 1024));
        });
    }
}
