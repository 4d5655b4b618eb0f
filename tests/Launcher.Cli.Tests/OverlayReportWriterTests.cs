using System.Text.Json;
using Ipv8.Communities;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Peers;
using Ipv8.Simulation;

namespace Launcher.Cli.Tests;

public sealed class OverlayReportWriterTests
{
    [Test]
    public async Task WriteAll_OverlayWithDrops_LineCarriesCountersBesideTheExistingFields()
    {
        var simulation = new SimulatedNetwork(new SimulatedNetworkOptions { Seed = 4 });
        var endpoint = simulation.CreateEndpoint();
        await endpoint.OpenAsync();
        var keys = new KeyFactory();
        var overlay = new Community(new CommunitySettings
        {
            CommunityId = Convert.FromHexString("00112233445566778899aabbccddeeff00112233"),
            MyPeer = new MyPeer(keys.GenerateCurve25519()),
            Endpoint = endpoint,
            Network = new Network(),
            KeyFactory = keys,
            TimeProvider = simulation.Clock,
            RandomSeed = 1,
            ReceiveLimits = new ReceiveLimitOptions { AddressBurst = 2 },
        });
        var datagram = new byte[40];
        overlay.Prefix.Bytes.CopyTo(datagram);
        datagram[22] = 7;
        var source = UdpAddress.Parse("192.0.2.1:1");
        for (var i = 0; i < 5; i++)
        {
            overlay.OnDatagram(source, datagram);
        }

        var text = new StringWriter();
        using (var writer = new OverlayReportWriter(text, simulation.Clock))
        {
            writer.WriteAll([("test", overlay)]);
            using var line = JsonDocument.Parse(text.ToString());
            var root = line.RootElement;
            var counters = root.GetProperty("counters");

            Assert.Multiple(() =>
            {
                Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "time", "overlay", "community_id", "mid", "address", "peers", "counters" }));
                Assert.That(counters.GetProperty("unknown_message_id").GetInt64(), Is.EqualTo(2));
                Assert.That(counters.GetProperty("rate_limited_address").GetInt64(), Is.EqualTo(3));
                Assert.That(counters.GetProperty("bad_signature").GetInt64(), Is.Zero);
                Assert.That(counters.GetProperty("limiter_dropped_address").GetInt64(), Is.EqualTo(3));
                Assert.That(counters.GetProperty("limiter_admitted").GetInt64(), Is.EqualTo(2));
                Assert.That(counters.TryGetProperty("endpoint_packets_in", out _), Is.True);
                Assert.That(counters.TryGetProperty("network_refused_peers", out _), Is.True);
            });
        }

        await overlay.DisposeAsync();
    }
}
