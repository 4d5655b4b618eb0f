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
        // Instruments are shared per meter and tag each measurement with its instance, so "ours" are the instruments
        // that measure something for this peer's mid.
        var ours = new HashSet<Instrument>();
        string? mid = null;
        using var listener = new MeterListener { InstrumentPublished = (instrument, l) => l.EnableMeasurementEvents(instrument) };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "peer" && mid is not null && (string?)tag.Value == mid)
                {
                    ours.Add(instrument);
                }
            }
        });
        listener.Start();
        await using var swarm = await SimulatedSwarm.CreateBuilder(seed: 41)
            .WithMetrics(enabled)
            .AddPeer(p => p.Community(s => new Community(s)))
            .BuildAsync();
        var community = swarm.Peers[0].Community;
        mid = community.MyPeer.PublicKey.MidHex;
        var sender = swarm.Network.CreateEndpoint();
        await sender.OpenAsync();

        // Right prefix, unknown message id: a counted drop.
        var datagram = new byte[40];
        community.Prefix.Bytes.CopyTo(datagram);
        datagram[22] = 0x7F;
        sender.Send(community.Endpoint.LocalAddress, datagram);
        swarm.Advance(TimeSpan.FromSeconds(1));

        listener.RecordObservableInstruments();
        Assert.Multiple(() =>
        {
            Assert.That(ours, enabled ? Has.Count.GreaterThan(10) : Is.Empty);
            Assert.That(community.Drops.Snapshot().Values.Sum(), Is.EqualTo(1), "the drop is counted with metrics on or off");
        });
    }
}
