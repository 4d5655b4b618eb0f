using System.Text.Json;
using Ipv8.Keys;
using Ipv8.Simulation;
using Ipv8.Tracker;

namespace Launcher.Cli.Tests;

public sealed class TrackerReportWriterTests
{
    [Test]
    public async Task Write_ServingTracker_LineHasTheFieldsOfTheReportContractInOrder()
    {
        var simulation = new SimulatedNetwork(new SimulatedNetworkOptions { Seed = 3 });
        var endpoint = simulation.CreateEndpoint();
        await endpoint.OpenAsync();
        await using var tracker = new TrackerService(new TrackerOptions(), endpoint, new KeyFactory(), simulation.Clock);
        tracker.Start();

        var text = new StringWriter();
        using (var writer = new TrackerReportWriter(text, simulation.Clock))
        {
            writer.Write(tracker);
            writer.Write(tracker);
        }

        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var line = JsonDocument.Parse(lines[0]);
        var root = line.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Length.EqualTo(2), "one line per call");
            Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "time", "overlay", "mid", "address", "peer_count", "community_count", "pending_pings", "counters" }));
            Assert.That(root.GetProperty("overlay").GetString(), Is.EqualTo("tracker"));
            Assert.That(root.GetProperty("mid").GetString(), Is.EqualTo(tracker.PrivateKey.PublicKey.MidHex));
            Assert.That(root.GetProperty("address").GetString(), Is.EqualTo(endpoint.LocalAddress.ToString()));
            Assert.That(root.GetProperty("time").GetDouble(), Is.EqualTo(simulation.Clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0));
            Assert.That(root.GetProperty("peer_count").GetInt32(), Is.Zero);
            Assert.That(root.GetProperty("counters").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(tracker.Counters.ToFlatDictionary().Keys).And.Not.Empty);
        });
    }
}
