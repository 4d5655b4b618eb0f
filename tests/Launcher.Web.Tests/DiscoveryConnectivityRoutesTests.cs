using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Launcher.Configuration;
using Launcher.Connectivity;
using Launcher.Hosting;
using Launcher.Launching;
using Microsoft.Extensions.DependencyInjection;

namespace Launcher.Web.Tests;

/// <summary>
/// <c>GET /discovery</c> and <c>GET /connectivity</c> against real nodes on 127.0.0.1: a rendezvous point (a launcher with
/// <c>discovery: {serve: true}</c>) and a node of two instances that advertise and request the same namespace and run a
/// <c>connectivity:</c> section, with the API over the second. Also their bad input and a node without either section.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DiscoveryConnectivityRoutesTests
{
    private const string Namespace = "WebClub";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private string _directory = null!;
    private ServiceProvider _point = null!;
    private ServiceProvider _services = null!;
    private ApiServer _server = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartNodes()
    {
        _directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"launcher-web-discovery-{Guid.NewGuid():N}")).FullName;
        var pointPort = FreeUdpPort();
        _point = await StartAsync("point.yaml", string.Create(CultureInfo.InvariantCulture, $$"""
            interfaces: [{ interface: UDPIPv4, ip: 127.0.0.1, port: {{pointPort}} }]
            keys: [{ alias: point, generation: curve25519, ephemeral: true }]
            discovery: { serve: true }
            overlays: []

            """));
        _services = await StartAsync("node.yaml", string.Create(CultureInfo.InvariantCulture, $$"""
            instances: 2
            interfaces: [{ interface: UDPIPv4, ip: 127.0.0.1, port: 0 }]
            keys: [{ alias: member, generation: curve25519, ephemeral: true }]
            discovery:
              interfaces:
                - class: RendezvousInterface
                  init: { rendezvous_points: [["127.0.0.1", {{pointPort}}]] }
              advertise: [{{Namespace}}]
              request: [{{Namespace}}]
            connectivity:
              listen: { ip: 127.0.0.1, port: 0 }
              methods: [direct]
            overlays: []

            """));
        _server = new ApiServer(Launcher, RunningNode.KeyedOptions with { Endpoint = new IPEndPoint(IPAddress.Loopback, 0) }, connectivity: _services.GetRequiredService<ConnectivityNodes>());
        await _server.StartAsync();
        _http = new HttpClient { BaseAddress = _server.Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    [OneTimeTearDown]
    public async Task StopNodes()
    {
        _http?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_point is not null)
        {
            await _point.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private IOverlayLauncherService Launcher => _services.GetRequiredService<IOverlayLauncherService>();

    [Test]
    public async Task Dashboard_InHeadlessChromium_ShowsNamespacesAndPipes()
    {
        if (!File.Exists(HeadlessChromium.DefaultPath))
        {
            Assert.Ignore($"{HeadlessChromium.DefaultPath} is missing: install Debian's chromium package (.ci/run does) to run the browser test");
        }

        var timeout = TimeSpan.FromSeconds(60);
        using var browser = await HeadlessChromium.StartAsync(HeadlessChromium.DefaultPath, new Uri(_server.Address!, "/"), timeout);

        // Two instances, each advertising and requesting the namespace: four rows; one pipe server per instance.
        var namespaces = await browser.WaitForAsync(
            "(() => { const rows = [...document.querySelectorAll('#discovery tbody tr')].map(r => r.textContent); return rows.length >= 4 ? rows.join('|') : null; })()", timeout);
        var pipes = await browser.WaitForAsync(
            "(() => { const rows = [...document.querySelectorAll('#pipes tbody tr')].map(r => r.textContent); return rows.length >= 2 ? rows.join('|') : null; })()", timeout);
        var emptyNotesHidden = await browser.WaitForAsync("String(document.getElementById('discovery-empty').hidden && document.getElementById('pipes-empty').hidden)", timeout);
        var screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "dashboard-discovery-connectivity.png");
        await File.WriteAllBytesAsync(screenshot, await browser.ScreenshotAsync(timeout));
        TestContext.AddTestAttachment(screenshot, "The whole dashboard with two namespace members and their pipe servers");

        Assert.Multiple(() =>
        {
            Assert.That(namespaces.Split('|'), Has.Length.EqualTo(4).And.All.Contains(Namespace));
            Assert.That(namespaces, Does.Contain("advertised").And.Contain("requested"));
            Assert.That(pipes.Split('|'), Has.Length.EqualTo(2).And.All.Contains("127.0.0.1:"));
            Assert.That(emptyNotesHidden, Is.EqualTo("true"));
        });
    }

    [Test]
    public async Task Discovery_TwoMembersOfOneNamespace_EachFoundTheOtherAndAdvertisementConfirmed()
    {
        var json = await PollAsync("discovery", root => root.GetProperty("instances").EnumerateArray().All(i =>
            i.GetProperty("found").GetProperty(Namespace).GetArrayLength() > 0
            && i.GetProperty("advertised")[0].GetProperty("confirmations").GetInt32() > 0));
        using (json)
        {
            var instances = json.RootElement.GetProperty("instances").EnumerateArray().ToList();
            var mids = Launcher.Hosts.Select(h => h.Overlays[0].Community.MyPeer.PublicKey.MidHex).ToList();
            Assert.That(instances, Has.Count.EqualTo(2));
            Assert.Multiple(() =>
            {
                for (var i = 0; i < 2; i++)
                {
                    Assert.That(instances[i].GetProperty("instance").GetInt32(), Is.EqualTo(i));
                    Assert.That(instances[i].GetProperty("advertised")[0].GetProperty("namespace").GetString(), Is.EqualTo(Namespace));
                    var found = instances[i].GetProperty("found").GetProperty(Namespace).EnumerateArray().ToList();
                    Assert.That(found.Select(f => f.GetProperty("mid").GetString()), Does.Contain(mids[1 - i]), "each member found the other");
                    Assert.That(found.Select(f => f.GetProperty("mid").GetString()), Does.Not.Contain(mids[i]), "never itself");
                    Assert.That(found[0].GetProperty("interface").GetString(), Is.Not.Empty);
                    Assert.That(found[0].GetProperty("addresses")[0].GetString(), Does.StartWith("127.0.0.1:"));
                    Assert.That(Convert.FromBase64String(found[0].GetProperty("public_key").GetString()!), Is.Not.Empty);
                }
            });
        }
    }

    [Test]
    public async Task Discovery_OneInstanceAsked_OnlyThatInstance()
    {
        using var json = await GetJsonAsync("discovery?instance=1", HttpStatusCode.OK);
        var instances = json.RootElement.GetProperty("instances").EnumerateArray().ToList();

        Assert.That(instances.Select(i => i.GetProperty("instance").GetInt32()), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public async Task Connectivity_SectionDeclared_OneNodePerInstanceWithPipeServerAndOpenPipes()
    {
        var nodes = _services.GetRequiredService<ConnectivityNodes>();
        using var wait = new CancellationTokenSource(Deadline);
        var expected = new[] { await nodes.GetNodeAsync(0, wait.Token), await nodes.GetNodeAsync(1, wait.Token) };

        using var json = await GetJsonAsync("connectivity", HttpStatusCode.OK);
        var listed = json.RootElement.GetProperty("nodes").EnumerateArray().ToList();

        Assert.That(json.RootElement.GetProperty("configured").GetBoolean(), Is.True);
        Assert.That(listed, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            for (var i = 0; i < 2; i++)
            {
                Assert.That(listed[i].GetProperty("instance").GetInt32(), Is.EqualTo(i));
                Assert.That(listed[i].GetProperty("pipe_server").GetString(), Is.EqualTo(expected[i].Server.LocalEndPoint.ToString()));
                Assert.That(listed[i].GetProperty("open_pipes").GetInt32(), Is.EqualTo(expected[i].OpenPipes));
                Assert.That(listed[i].GetProperty("nat").GetString(), Is.EqualTo(expected[i].Nat.Class.ToString()));
                Assert.That(listed[i].GetProperty("public_addresses").ValueKind, Is.EqualTo(JsonValueKind.Array));
            }
        });
    }

    [TestCase("discovery?instance=2", "0 to 1")]
    [TestCase("discovery?instance=-1", "0 to 1")]
    [TestCase("connectivity?instance=zero", "0 to 1")]
    [TestCase("connectivity?instance=0&instance=1", "one instance number")]
    [TestCase("discovery?instance=99999999999999999999", "0 to 1")]
    public async Task Routes_BadInstance_400AndCounted(string path, string expected)
    {
        var before = _server.Counters.Rejections[WebApiRejection.BadParameters];
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
        using var json = JsonDocument.Parse(body);
        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("success").GetBoolean(), Is.False);
            Assert.That(json.RootElement.GetProperty("error").GetString(), Does.Contain(expected));
            Assert.That(_server.Counters.Rejections[WebApiRejection.BadParameters], Is.EqualTo(before + 1));
        });
    }

    [Test]
    public async Task Routes_NodeWithoutSections_EmptyListsAndNotConfigured()
    {
        await using var node = await RunningNode.StartAsync(instances: 1, options: RunningNode.KeyedOptions);
        using var discovery = JsonDocument.Parse(await node.Http.GetStringAsync(new Uri("discovery", UriKind.Relative)));
        using var connectivity = JsonDocument.Parse(await node.Http.GetStringAsync(new Uri("connectivity", UriKind.Relative)));

        var instance = discovery.RootElement.GetProperty("instances").EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(instance.GetProperty("advertised").GetArrayLength(), Is.Zero);
            Assert.That(instance.GetProperty("found").EnumerateObject().Count(), Is.Zero);
            Assert.That(connectivity.RootElement.GetProperty("configured").GetBoolean(), Is.False);
            Assert.That(connectivity.RootElement.GetProperty("nodes").GetArrayLength(), Is.Zero);
        });
    }

    private async Task<ServiceProvider> StartAsync(string name, string yaml)
    {
        var path = Path.Combine(_directory, name);
        await File.WriteAllTextAsync(path, yaml);
        var services = new ServiceCollection()
            .AddOverlayLauncher(_ => new LauncherModelBuilder(new ConfigurationLoadOptions { Environment = new Dictionary<string, string>() })
                .AddFile(path)
                .UsePluginsDirectory(Path.Combine(_directory, "no-plugins")))
            .AddOverlayConnectivity()
            .BuildServiceProvider();
        _ = services.GetRequiredService<ConnectivityNodes>();
        await services.GetRequiredService<IOverlayLauncherService>().StartAsync();
        return services;
    }

    /// <summary>Reads <paramref name="path"/> until <paramref name="done"/> holds (bounded by <see cref="Deadline"/>; the last answer is returned either way).</summary>
    private async Task<JsonDocument> PollAsync(string path, Func<JsonElement, bool> done)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            var json = await GetJsonAsync(path, HttpStatusCode.OK);
            if (done(json.RootElement) || deadline.IsCancellationRequested)
            {
                return json;
            }

            json.Dispose();
            await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
        }
    }

    private async Task<JsonDocument> GetJsonAsync(string path, HttpStatusCode expected)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), body);
        return JsonDocument.Parse(body);
    }

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
