using System.Net;
using System.Reflection;
using System.Text.Json;
using Ipv8.Tracker;
using Launcher.Configuration;
using Launcher.Definitions;
using Launcher.Hosting;
using Launcher.Tests.Support;

namespace Launcher.Tests.Hosting;

public sealed class TrackerLimitsTests
{
    /// <summary>The TrackerOptions properties that are identity or protocol timing (py-ipv8's values), not limits.</summary>
    private static readonly string[] NotLimits =
    [
        nameof(TrackerOptions.KeyLevel), nameof(TrackerOptions.PrivateKey), nameof(TrackerOptions.RandomSeed),
        nameof(TrackerOptions.LivenessInterval), nameof(TrackerOptions.ChurnSampleSize), nameof(TrackerOptions.PingInterval),
        nameof(TrackerOptions.DropTime), nameof(TrackerOptions.PingTimeout),
    ];

    [Test]
    public void Keys_EveryTrackerLimitProperty_IsBoundBySnakeCaseName()
    {
        var limits = typeof(TrackerOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null && !NotLimits.Contains(p.Name))
            .Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name));

        Assert.That(OptionsBinder.Keys(typeof(TrackerOptions)), Is.EqualTo(limits.Order(StringComparer.Ordinal)));
    }

    [Test]
    public void Load_TrackerLimits_ToHostOptionsAppliesEveryLimit()
    {
        var yaml = """
            tracker:
              address: 127.0.0.1
              port: 0
              limits:
                requests_per_second_per_address: 1.5
                request_burst_per_address: 2
                prefix_requests_per_second: 3
                prefix_request_burst: 4
                global_requests_per_second: 5
                global_request_burst: 6
                max_unproven_addresses: 7
                max_unproven_prefixes: 8
                max_proven_addresses: 9
                max_peers: 10
                max_peers_per_community: 11
                max_communities: 12
                max_services_per_peer: 13
                max_pending_pings: 14
            """;

        var options = TestFiles.Load("overlays.yaml", yaml).Tracker!.ToHostOptions();

        Assert.Multiple(() =>
        {
            Assert.That(options.ListenAddress, Is.EqualTo(IPAddress.Loopback));
            Assert.That(options.ListenPort, Is.Zero);
            Assert.That(options.Tracker, Is.EqualTo(new TrackerOptions
            {
                RequestsPerSecondPerAddress = 1.5, RequestBurstPerAddress = 2, PrefixRequestsPerSecond = 3, PrefixRequestBurst = 4,
                GlobalRequestsPerSecond = 5, GlobalRequestBurst = 6, MaxUnprovenAddresses = 7, MaxUnprovenPrefixes = 8,
                MaxProvenAddresses = 9, MaxPeers = 10, MaxPeersPerCommunity = 11, MaxCommunities = 12, MaxServicesPerPeer = 13,
                MaxPendingPings = 14,
            }));
            Assert.That(() => options.Validate(), Throws.Nothing);
        });
    }

    [Test]
    public void Load_TrackerWithoutLimits_KeepsTrackerDefaults() =>
        Assert.That(TestFiles.Load("overlays.yaml", "tracker:\n  port: 9000\n").Tracker!.ToHostOptions().Tracker, Is.EqualTo(new TrackerOptions()));

    [Test]
    public void Load_TrackerLimitsUnknownKeyWrongTypeAndRange_SchemaReportsEachAtItsLine()
    {
        var yaml = "tracker:\n  limits:\n    max_peers: 0\n    global_request_rate: 5\n    max_pending_pings: 70000\n    request_burst_per_address: many\n";
        TestFiles.LoadOrErrors("overlays.yaml", yaml, out var errors);
        var messages = errors.Errors.Select(e => e.ToString()).ToList();
        var all = string.Join("\n", messages);

        Assert.Multiple(() =>
        {
            Assert.That(messages, Has.Some.Contains("overlays.yaml:3").And.Contains("tracker.limits.max_peers"), all);
            Assert.That(messages, Has.Some.Contains("tracker.limits").And.Contains("global_request_rate"), all);
            Assert.That(messages, Has.Some.Contains("overlays.yaml:5").And.Contains("tracker.limits.max_pending_pings"), all);
            Assert.That(messages, Has.Some.Contains("overlays.yaml:6").And.Contains("tracker.limits.request_burst_per_address"), all);
        });
    }

    [Test]
    public void CheckNode_ProblemsTheSchemaDidNotReport_AreReportedAtTheSettingsLine()
    {
        var errors = new ErrorList();
        var node = YamlNodeReader.Read("t.yaml", new StringReader("max_peers: 5\nmax_services_per_peer: -1\nmax_peer: 3\n"), errors)!;

        var settings = ConfigurationBinder.CheckOptions<TrackerOptions>(node, "tracker.limits", errors);
        var messages = errors.Errors.Select(e => e.ToString()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(settings.Keys, Is.EquivalentTo(new[] { "max_peers", "max_services_per_peer", "max_peer" }));
            Assert.That(messages, Has.Count.EqualTo(2), string.Join("\n", messages));
            Assert.That(messages, Has.One.StartsWith("t.yaml:2").And.Contains("tracker.limits.max_services_per_peer: "));
            Assert.That(messages, Has.One.StartsWith("t.yaml:").And.Contains("unknown setting 'max_peer'"));
        });
    }

    [Test]
    public void CheckNode_SchemaAlreadyReportedTheObject_AddsNothing()
    {
        var errors = new ErrorList();
        var node = YamlNodeReader.Read("t.yaml", new StringReader("max_peers: 0\n"), errors)!;
        errors.Add(node.Origin, "tracker.limits.max_peers", "must be at least 1");

        ConfigurationBinder.CheckOptions<TrackerOptions>(node, "tracker.limits", errors);

        Assert.That(errors.Errors, Has.Count.EqualTo(1));
    }

    [Test]
    public void Write_TrackerWithLimits_RoundTripsThroughTheLoader()
    {
        var loaded = TestFiles.Load("overlays.yaml", "tracker:\n  port: 9001\n  limits:\n    max_peers: 77\n    global_requests_per_second: 2.5\n");
        var json = ConfigurationWriter.ToValue(loaded).ToJson();

        var reloaded = TestFiles.Load("again.json", json);

        Assert.Multiple(() =>
        {
            Assert.That(reloaded.Tracker, Is.EqualTo(loaded.Tracker));
            Assert.That(reloaded.Tracker!.ToHostOptions().Tracker, Is.EqualTo(new TrackerOptions { MaxPeers = 77, GlobalRequestsPerSecond = 2.5 }));
            Assert.That(loaded.Tracker, Is.Not.EqualTo(loaded.Tracker! with { Limits = SettingsMap.Empty }));
        });
    }
}
