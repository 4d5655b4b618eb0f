using System.Net;
using System.Text.Json;

namespace Launcher.Web.Tests;

/// <summary>
/// Every read route's JSON shape (py-ipv8's field names) against a real node: two instances on 127.0.0.1 that met through
/// the hosted tracker, the API on 127.0.0.1 port 0.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ApiRoutesTests
{
    private static readonly TimeSpan DiscoveryTimeout = TimeSpan.FromSeconds(30);
    private RunningNode _node = null!;

    [OneTimeSetUp]
    public async Task StartNode()
    {
        _node = await RunningNode.StartAsync(instances: 2, options: RunningNode.KeyedOptions);
        Assert.That(await _node.WaitForPeersAsync(1, DiscoveryTimeout), Is.True, "the two instances met through the tracker");
    }

    [OneTimeTearDown]
    public async Task StopNode() => await _node.DisposeAsync();

    [Test]
    public void Address_PortZero_BoundToLoopbackWithARealPort()
    {
        Assert.That(_node.Server.Address!.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(_node.Server.Address.Port, Is.Positive);
    }

    [Test]
    public async Task Overlays_TwoInstances_PyIpv8FieldsForEachOverlay()
    {
        using var json = await GetJsonAsync("overlays", HttpStatusCode.OK);
        var overlays = json.RootElement.GetProperty("overlays").EnumerateArray().ToList();
        var hosts = _node.Launcher.Hosts;

        Assert.That(overlays, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            for (var i = 0; i < 2; i++)
            {
                var overlay = overlays[i];
                var community = hosts[i].Overlays.Single().Community;
                Assert.That(overlay.GetProperty("id").GetString(), Is.EqualTo("4c61756e63686572207765622074657374206f76"));
                Assert.That(overlay.GetProperty("my_peer").GetString(), Is.EqualTo(Convert.ToHexStringLower(community.MyPeer.PublicKey.KeyBin)));
                Assert.That(overlay.GetProperty("overlay_name").GetString(), Is.EqualTo("WebDemo"));
                Assert.That(overlay.GetProperty("instance").GetInt32(), Is.EqualTo(i));
                Assert.That(overlay.GetProperty("max_peers").GetInt32(), Is.EqualTo(community.MaxPeers));
                Assert.That(overlay.GetProperty("is_isolated").GetBoolean(), Is.False);
                Assert.That(overlay.GetProperty("peers").GetArrayLength(), Is.GreaterThanOrEqualTo(1));
                Assert.That(overlay.GetProperty("my_estimated_lan").GetArrayLength(), Is.EqualTo(2), "[ip, port] as py-ipv8");
                var strategy = overlay.GetProperty("strategies").EnumerateArray().Single();
                Assert.That(strategy.GetProperty("name").GetString(), Is.EqualTo("RandomWalk"));
                Assert.That(strategy.GetProperty("target_peers").GetInt32(), Is.EqualTo(20));
            }
        });
    }

    [Test]
    public async Task Statistics_TwoInstances_TrafficPerOverlayName()
    {
        using var json = await GetJsonAsync("overlays/statistics", HttpStatusCode.OK);
        var statistics = json.RootElement.GetProperty("statistics").EnumerateArray().ToList();

        Assert.That(statistics, Has.Count.EqualTo(2));
        var first = statistics[0].GetProperty("WebDemo");
        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("num_up").GetInt64(), Is.Positive, "the instance walked, so it sent datagrams");
            Assert.That(first.GetProperty("num_down").GetInt64(), Is.Positive);
            Assert.That(first.GetProperty("bytes_up").GetInt64(), Is.GreaterThan(first.GetProperty("num_up").GetInt64()));
            Assert.That(first.GetProperty("drops").ValueKind, Is.EqualTo(JsonValueKind.Object));
        });
    }

    [Test]
    public async Task Network_PeersMet_EachPeerByBase64MidWithAddressKeyAndServices()
    {
        using var json = await GetJsonAsync("network", HttpStatusCode.OK);
        var peers = json.RootElement.GetProperty("peers").EnumerateObject().ToList();
        var mids = _node.Launcher.Hosts.Select(h => Convert.ToBase64String(h.Overlays.Single().Community.MyPeer.PublicKey.Mid)).ToList();

        Assert.That(peers.Select(p => p.Name), Is.SupersetOf(mids), "each instance is a verified peer of the other");
        Assert.Multiple(() =>
        {
            foreach (var peer in peers)
            {
                Assert.That(Convert.FromBase64String(peer.Name), Has.Length.EqualTo(20));
                Assert.That(peer.Value.GetProperty("ip").GetString(), Is.EqualTo("127.0.0.1"));
                Assert.That(peer.Value.GetProperty("port").GetInt32(), Is.InRange(1, 65535));
                Assert.That(Convert.FromBase64String(peer.Value.GetProperty("public_key").GetString()!), Is.Not.Empty);
                Assert.That(peer.Value.GetProperty("services").EnumerateArray().Select(s => s.GetString()), Does.Contain("4c61756e63686572207765622074657374206f76"));
            }
        });
    }

    [Test]
    public async Task Counters_Running_OverlaysTrackerAndApiCounters()
    {
        (await GetJsonAsync("health", HttpStatusCode.OK)).Dispose();
        using var json = await GetJsonAsync("counters", HttpStatusCode.OK);
        var root = json.RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("overlays").GetArrayLength(), Is.EqualTo(2));
            Assert.That(root.GetProperty("overlays")[0].GetProperty("counters").EnumerateObject().Select(p => p.Name), Does.Contain("endpoint_packets_in").And.Contain("network_refused_peers"));
            Assert.That(root.GetProperty("tracker").ValueKind, Is.EqualTo(JsonValueKind.Object), "the hosted tracker's counters");
            Assert.That(root.GetProperty("api").GetProperty("served").GetInt64(), Is.Positive, "the GET /health before");
            Assert.That(root.GetProperty("api").TryGetProperty("rejected_wrong_api_key", out _), Is.True);
        });
    }

    [Test]
    public async Task Health_StartedAndBootstrapped_200Ready()
    {
        using var json = await GetJsonAsync("health", HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("status").GetString(), Is.EqualTo("ready"));
            Assert.That(json.RootElement.GetProperty("reasons").GetArrayLength(), Is.Zero);
            Assert.That(json.RootElement.GetProperty("overlays").EnumerateArray().Select(o => o.GetProperty("bootstrapped").GetBoolean()), Is.All.True);
        });
    }

    [Test]
    public async Task OpenApi_Document_DescribesEveryRoute()
    {
        using var json = await GetJsonAsync("openapi/v1.json", HttpStatusCode.OK);
        var paths = json.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.That(paths, Is.SupersetOf(new[] { "/overlays", "/overlays/statistics", "/network", "/isolation", "/counters", "/health", "/events", "/discovery", "/connectivity" }));
    }

    [Test]
    public async Task Events_Connected_FirstSnapshotCarriesOverlaysPeersAndTracker()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await _node.Http.GetAsync(new Uri("events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));

        var eventLine = await reader.ReadLineAsync(cancel.Token);
        var dataLine = await reader.ReadLineAsync(cancel.Token);
        Assert.That(eventLine, Is.EqualTo("event: snapshot"));
        Assert.That(dataLine, Does.StartWith("data: "));
        using var json = JsonDocument.Parse(dataLine!["data: ".Length..]);
        var overlays = json.RootElement.GetProperty("overlays").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(overlays, Has.Count.EqualTo(2));
            Assert.That(overlays.Select(o => o.GetProperty("peers").GetArrayLength()), Is.All.GreaterThanOrEqualTo(1));
            Assert.That(overlays[0].GetProperty("peers")[0].GetString(), Is.EqualTo(overlays[1].GetProperty("my_mid").GetString()), "the graph's edge: instance 0 knows instance 1");
            Assert.That(json.RootElement.GetProperty("rates").GetProperty("packets_in").ValueKind, Is.EqualTo(JsonValueKind.Number));
            Assert.That(json.RootElement.GetProperty("tracker").GetProperty("communities").GetProperty("4c61756e63686572207765622074657374206f76").GetInt32(), Is.EqualTo(2));
        });
    }

    private async Task<JsonDocument> GetJsonAsync(string path, HttpStatusCode expected)
    {
        using var response = await _node.Http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), body);
        return JsonDocument.Parse(body);
    }
}
