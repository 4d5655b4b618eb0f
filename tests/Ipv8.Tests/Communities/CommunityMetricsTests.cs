using System.Diagnostics.Metrics;
using Ipv8.Communities;
using Ipv8.Messaging;
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
        var tags = CollectTags(overlay);
        await overlay.UnloadAsync();
        var afterUnload = Collect(overlay, factory.Created);

        Assert.Multiple(() =>
        {
            Assert.That(factory.Created.Select(m => m.Name), Is.EquivalentTo(new[] { "Ipv8.Communities", "Ipv8.Messaging" }));
            Assert.That(tags, Does.Contain(new KeyValuePair<string, object?>("community_id", Convert.ToHexStringLower(TestOverlay.DefaultId))));
            Assert.That(tags, Does.Contain(new KeyValuePair<string, object?>("peer", overlay.MyPeer.PublicKey.MidHex)));
            Assert.That(afterUnload, Is.Empty, "unloading removes the overlay's measurements");
            Assert.That(factory.Created.Select(m => m.Tags), Is.All.Null, "the meters are shared: the measurements carry the instance's tags");
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

    [Test]
    public async Task Meters_TwoOverlaysOneSharingFactory_ShareOneInstrumentPerNameWithAMeasurementEach()
    {
        var bed = new SimulatedBed();
        using var factory = new CachingMeterFactory();
        using var sharing = new InstrumentSharingMeterFactory(factory);
        var overlays = new List<TestOverlay>();
        for (var i = 0; i < 2; i++)
        {
            var endpoint = bed.Network.CreateEndpoint();
            await endpoint.OpenAsync();
            overlays.Add(new TestOverlay(new CommunitySettings
            {
                CommunityId = TestOverlay.DefaultId,
                MyPeer = new MyPeer(TestOverlay.CreateKey(10 + i)),
                Endpoint = endpoint,
                Network = new Network(),
                KeyFactory = TestOverlay.Keys,
                TimeProvider = bed.Clock,
                MeterFactory = sharing,
            }));
        }

        overlays[0].OnDatagram(overlays[1].Endpoint.LocalAddress, overlays[0].Prefix.Bytes.ToArray()); // too short, at the first only
        var instruments = new List<Instrument>();
        var tooShort = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (factory.Created.Contains(instrument.Meter))
                {
                    instruments.Add(instrument);
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                if (instrument.Name == "too_short")
                {
                    tooShort[PeerOf(tags) ?? string.Empty] = value;
                }
            });
            listener.Start();
            listener.RecordObservableInstruments();
        }

        Assert.Multiple(() =>
        {
            Assert.That(instruments.GroupBy(i => (i.Meter.Name, i.Name)).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty, "one instrument per name per meter");
            Assert.That(tooShort.GetValueOrDefault(overlays[0].MyPeer.PublicKey.MidHex), Is.EqualTo(1));
            Assert.That(tooShort.GetValueOrDefault(overlays[1].MyPeer.PublicKey.MidHex), Is.Zero);
            Assert.That(tooShort, Has.Count.EqualTo(2));
        });

        foreach (var overlay in overlays)
        {
            await overlay.UnloadAsync();
        }
    }

    [Test]
    public async Task Dispose_SharingFactoryWithoutInner_SharedMetersDisposedAndStopPublishing()
    {
        var bed = new SimulatedBed();
        var sharing = new InstrumentSharingMeterFactory();
        var overlays = new List<TestOverlay>();
        for (var i = 0; i < 2; i++)
        {
            var endpoint = bed.Network.CreateEndpoint();
            await endpoint.OpenAsync();
            overlays.Add(new TestOverlay(new CommunitySettings
            {
                CommunityId = TestOverlay.DefaultId,
                MyPeer = new MyPeer(TestOverlay.CreateKey(20 + i)),
                Endpoint = endpoint,
                Network = new Network(),
                KeyFactory = TestOverlay.Keys,
                TimeProvider = bed.Clock,
                MeterFactory = sharing,
            }));
        }

        var meter = sharing.Create(new MeterOptions("Ipv8.Communities"));
        var instruments = new List<Instrument>();
        using (var listener = new MeterListener { InstrumentPublished = (instrument, _) => { if (ReferenceEquals(instrument.Meter, meter)) { instruments.Add(instrument); } } })
        {
            listener.Start();
        }

        var before = Collect(overlays[0]).Count;
        sharing.Dispose();
        var after = Collect(overlays[1]).Count;

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.Positive);
            Assert.That(instruments.GroupBy(i => i.Name).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty, "one instrument per name on the one meter");
            Assert.That(after, Is.Zero, "the factory's own meters are disposed with it");
            Assert.That(() => sharing.Create(new MeterOptions("Ipv8.Communities")), Throws.InstanceOf<ObjectDisposedException>());
        });

        foreach (var overlay in overlays)
        {
            await overlay.UnloadAsync();
        }
    }

    // Collects every instrument's measurement for this overlay (told apart from other instances by the peer tag).
    private static Dictionary<string, long> Collect(Community overlay, IReadOnlyCollection<Meter>? meters = null)
    {
        var peer = overlay.MyPeer.PublicKey.MidHex;
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name.StartsWith("Ipv8.", StringComparison.Ordinal) && (meters is null || meters.Contains(instrument.Meter)))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (PeerOf(tags) == peer)
            {
                values[instrument.Name] = value;
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }

    // The tags of this overlay's measurements (of its first instrument).
    private static List<KeyValuePair<string, object?>> CollectTags(Community overlay)
    {
        var peer = overlay.MyPeer.PublicKey.MidHex;
        var found = new List<KeyValuePair<string, object?>>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name.StartsWith("Ipv8.", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            if (found.Count == 0 && PeerOf(tags) == peer)
            {
                found.AddRange(tags.ToArray());
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return found;
    }

    private static string? PeerOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "peer")
            {
                return tag.Value as string;
            }
        }

        return null;
    }

    // Like the container's factory: one meter per name (and tags), created once.
    private sealed class CachingMeterFactory : IMeterFactory
    {
        public List<Meter> Created { get; } = [];

        public Meter Create(MeterOptions options)
        {
            lock (Created)
            {
                var existing = Created.FirstOrDefault(m => m.Name == options.Name);
                if (existing is not null)
                {
                    return existing;
                }

                var meter = new Meter(options);
                Created.Add(meter);
                return meter;
            }
        }

        public void Dispose()
        {
            foreach (var meter in Created)
            {
                meter.Dispose();
            }
        }
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
