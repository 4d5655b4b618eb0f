using System.Diagnostics.Metrics;
using Ipv8.Communities;
using Ipv8.Peers;

namespace Ipv8.Tests.Communities;

[TestFixture]
public sealed class CommunityMetricsTests
{
    [Test]
    public async Task Meters_AfterTrafficAndDrops_PublishTheSameValuesAsGetCounters()
    {
        var bed = new SimulatedBed();
        var a = await bed.AddAsync(1);
        var b = await bed.AddAsync(2);
        a.WalkTo(b.Endpoint.LocalAddress);
        bed.Advance(4);
        a.OnDatagram(b.Endpoint.LocalAddress, [.. a.Prefix.Bytes, 0xF0]); // an unknown message id
        a.OnDatagram(b.Endpoint.LocalAddress, a.Prefix.Bytes.ToArray()); // too short

        var published = Collect(a);
        var reported = a.GetCounters().ToFlatDictionary();

        Assert.Multiple(() =>
        {
            Assert.That(reported["endpoint_packets_in"], Is.Positive, "the walk produced traffic");
            Assert.That(a.Drops.Total, Is.Positive, "the garbage was dropped and counted");
            Assert.That(published.Keys, Is.SupersetOf(reported.Keys), "every reported counter is an instrument of the same name");
            foreach (var (name, value) in reported)
            {
                Assert.That(published.GetValueOrDefault(name), Is.EqualTo(value), name);
            }

            // The report leaves out the endpoint's zero drops; the instruments publish them as zeros.
            Assert.That(published.Where(p => !reported.ContainsKey(p.Key)).Select(p => p.Value), Is.All.Zero);
        });
    }

    [Test]
    public async Task Meters_MeterFactoryGiven_CreatesMetersThroughItWithTheInstanceTags()
    {
        var bed = new SimulatedBed();
        using var factory = new RecordingMeterFactory();
        var endpoint = bed.Network.CreateEndpoint();
        await endpoint.OpenAsync();
        var overlay = new TestOverlay(new CommunitySettings
        {
            CommunityId = TestOverlay.DefaultId,
            MyPeer = new MyPeer(TestOverlay.CreateKey(3)),
            Endpoint = endpoint,
            Network = new Network(),
            KeyFactory = TestOverlay.Keys,
            TimeProvider = bed.Clock,
            MeterFactory = factory,
        });
        await overlay.UnloadAsync();
        var afterUnload = Collect(overlay);

        Assert.Multiple(() =>
        {
            Assert.That(factory.Created.Select(m => m.Name), Is.EquivalentTo(new[] { "Ipv8.Communities", "Ipv8.Messaging" }));
            Assert.That(factory.Created[0].Tags!, Does.Contain(new KeyValuePair<string, object?>("community_id", Convert.ToHexStringLower(TestOverlay.DefaultId))));
            Assert.That(factory.Created[0].Tags!, Does.Contain(new KeyValuePair<string, object?>("peer", overlay.MyPeer.PublicKey.MidHex)));
            Assert.That(afterUnload, Is.Not.Empty, "meters from a factory belong to the factory: unloading does not dispose them");
        });
    }

    [Test]
    public async Task UnloadAsync_OwnedMeters_AreDisposedAndStopPublishing()
    {
        var bed = new SimulatedBed();
        var overlay = await bed.AddAsync(4);
        var before = Collect(overlay).Count;

        await overlay.UnloadAsync();

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.Positive);
            Assert.That(Collect(overlay), Is.Empty);
        });
    }

    // Collects every instrument of this overlay's meters (told apart from other instances by the peer tag).
    private static Dictionary<string, long> Collect(Community overlay)
    {
        var peer = overlay.MyPeer.PublicKey.MidHex;
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name.StartsWith("Ipv8.", StringComparison.Ordinal)
                    && instrument.Meter.Tags?.Contains(new KeyValuePair<string, object?>("peer", peer)) == true)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }

    private sealed class RecordingMeterFactory : IMeterFactory
    {
        public List<Meter> Created { get; } = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            Created.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in Created)
            {
                meter.Dispose();
            }
        }
    }
}
