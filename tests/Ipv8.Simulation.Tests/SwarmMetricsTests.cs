using System.Diagnostics.Metrics;
using Ipv8.Communities;

namespace Ipv8.Simulation.Tests;

/// <summary><see cref="SimulatedSwarmBuilder.WithMetrics"/>: instruments published or not, counters counting either way.</summary>
[TestFixture]
public sealed class SwarmMetricsTests
{
    [TestCase(true)]
    [TestCase(false)]
    public async Task WithMetrics_Setting_PublishesInstrumentsOnlyWhenOnAndCountersStillCount(bool enabled)
    {
        var published = new List<Instrument>();
        using var listener = new MeterListener { InstrumentPublished = (instrument, _) => published.Add(instrument) };
        listener.Start();
        await using var swarm = await SimulatedSwarm.CreateBuilder(seed: 41)
            .WithMetrics(enabled)
            .AddPeer(p => p.Community(s => new Community(s)))
            .BuildAsync();
        var community = swarm.Peers[0].Community;
        var mid = community.MyPeer.PublicKey.MidHex;
        var sender = swarm.Network.CreateEndpoint();
        await sender.OpenAsync();

        // Right prefix, unknown message id: a counted drop.
        var datagram = new byte[40];
        community.Prefix.Bytes.CopyTo(datagram);
        datagram[22] = 0x7F;
        sender.Send(community.Endpoint.LocalAddress, datagram);
        swarm.Advance(TimeSpan.FromSeconds(1));

        var ours = published.Count(i => i.Meter.Tags?.Any(t => t.Key == "peer" && (string?)t.Value == mid) == true);
        Assert.Multiple(() =>
        {
            Assert.That(ours, enabled ? Is.GreaterThan(10) : Is.Zero);
            Assert.That(community.Drops.Snapshot().Values.Sum(), Is.EqualTo(1), "the drop is counted with metrics on or off");
        });
    }
}
