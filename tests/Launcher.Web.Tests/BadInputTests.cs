using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Launcher.Web.Tests;

/// <summary>
/// Hostile and wrong input against a real node (one instance on 127.0.0.1): every refusal is a clear 4xx with a JSON
/// error, counted in <c>GET /counters</c>, and nothing is served that should not be. Also the writes that succeed.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class BadInputTests
{
    private RunningNode _node = null!;

    [OneTimeSetUp]
    public async Task StartNode() => _node = await RunningNode.StartAsync(instances: 1, options: RunningNode.KeyedOptions with { MaxRequestBodyBytes = 1024 });

    [OneTimeTearDown]
    public async Task StopNode() => await _node.DisposeAsync();

    [Test]
    public async Task Isolation_NoKey_401AndCounted()
    {
        var before = _node.Server.Counters.Rejections[WebApiRejection.MissingApiKey];
        using var response = await _node.Http.PostAsync(new Uri("isolation", UriKind.Relative), Json("""{"ip": "127.0.0.1", "port": 9, "walkable": true}"""));

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, "API key");
        Assert.That(_node.Server.Counters.Rejections[WebApiRejection.MissingApiKey], Is.EqualTo(before + 1));
    }

    [Test]
    public async Task Isolation_WrongKey_401AndCountedInCountersRoute()
    {
        using var request = Post("""{"ip": "127.0.0.1", "port": 9, "walkable": true}""", key: "not-the-key");
        using var response = await _node.Http.SendAsync(request);

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, "wrong");
        using var counters = JsonDocument.Parse(await _node.Http.GetStringAsync(new Uri("counters", UriKind.Relative)));
        Assert.That(counters.RootElement.GetProperty("api").GetProperty("rejected_wrong_api_key").GetInt64(), Is.Positive);
    }

    [TestCase("{\"ip\": \"127.0.0.1\", \"port\": ", "not a JSON object")]
    [TestCase("[1, 2, 3]", "must be an object")]
    [TestCase("{\"ip\": {\"nested\": 1}, \"port\": 9}", "must be a string")]
    public async Task Isolation_MalformedJson_400AndCounted(string body, string expected)
    {
        var before = _node.Server.Counters.Rejections[WebApiRejection.MalformedBody];
        using var request = Post(body, RunningNode.ApiKey);
        using var response = await _node.Http.SendAsync(request);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, expected);
        Assert.That(_node.Server.Counters.Rejections[WebApiRejection.MalformedBody], Is.EqualTo(before + 1));
    }

    [TestCase("{\"ip\": \"127.0.0.1\", \"walkable\": true}", "'ip' and 'port' are required")]
    [TestCase("{\"ip\": \"127.0.0.1\", \"port\": 9}", "is required")]
    [TestCase("{\"ip\": \"127.0.0.1\", \"port\": 70000, \"walkable\": true}", "port number")]
    [TestCase("{\"ip\": \"127.0.0.1\", \"port\": \"-1\", \"walkable\": true}", "port number")]
    [TestCase("{\"ip\": \"not-an-ip\", \"port\": 9, \"walkable\": true}", "IP address")]
    [TestCase("{\"ip\": \"127.0.0.1\", \"port\": 9, \"walkable\": true, \"overlay\": \"Nope\"}", "no running overlay is named 'Nope'")]
    public async Task Isolation_BadParameters_400AndCounted(string body, string expected)
    {
        var before = _node.Server.Counters.Rejections[WebApiRejection.BadParameters];
        using var request = Post(body, RunningNode.ApiKey);
        using var response = await _node.Http.SendAsync(request);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, expected);
        Assert.That(_node.Server.Counters.Rejections[WebApiRejection.BadParameters], Is.EqualTo(before + 1));
    }

    [Test]
    public async Task Isolation_BodyOverLimit_413AndCounted()
    {
        var before = _node.Server.Counters.Rejections[WebApiRejection.BodyTooLarge];
        using var request = Post("{\"ip\": \"127.0.0.1\", \"port\": 9, \"walkable\": true, \"pad\": \"" + new string('x', 4096) + "\"}", RunningNode.ApiKey);
        using var response = await _node.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(_node.Server.Counters.Rejections[WebApiRejection.BodyTooLarge], Is.EqualTo(before + 1));
    }

    [Test]
    public async Task Isolation_WalkableJsonWithKey_200AndTheOverlayWalksThere()
    {
        // A UDP socket of the test on loopback: the overlay's introduction request must arrive there.
        using var listener = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)listener.Client.LocalEndPoint!).Port;
        using var request = Post($$"""{"ip": "127.0.0.1", "port": {{port}}, "exitnode": true}""", RunningNode.ApiKey);
        using var response = await _node.Http.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("success").GetBoolean(), Is.True);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var datagram = await listener.ReceiveAsync(timeout.Token);
        Assert.That(datagram.Buffer, Has.Length.GreaterThan(22), "an introduction request: prefix, message id, payload");
    }

    [Test]
    public async Task Isolation_BootstrapnodeFormWithKey_200AndTheOverlayGainsABootstrapper()
    {
        var community = _node.Launcher.Host.Overlays.Single().Community;
        var before = community.Bootstrappers.Count;
        using var request = new HttpRequestMessage(HttpMethod.Post, "isolation")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["ip"] = "127.0.0.1", ["port"] = "9", ["bootstrapnode"] = "1" }),
        };
        request.Headers.Add("X-Api-Key", RunningNode.ApiKey);
        using var response = await _node.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(community.Bootstrappers, Has.Count.EqualTo(before + 1));
    }

    [Test]
    public async Task UnknownRoute_404AndCounted()
    {
        var before = _node.Server.Counters.Rejections[WebApiRejection.UnknownRoute];
        using var response = await _node.Http.GetAsync(new Uri("no/such/route", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(_node.Server.Counters.Rejections[WebApiRejection.UnknownRoute], Is.EqualTo(before + 1));
    }

    [Test]
    public async Task Dashboard_Root_RedirectsToTheEmbeddedPage()
    {
        using var response = await _node.Http.GetAsync(new Uri("/", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(body, Does.Contain("dashboard.js").And.Not.Contain("http://").And.Not.Contain("https://"), "everything from the assembly, no CDN");
    }

    [TestCase("/dashboard/..%2F..%2F..%2Fetc%2Fpasswd")]
    [TestCase("/dashboard/../../../etc/passwd")]
    [TestCase("/dashboard/%2e%2e/%2e%2e/etc/passwd")]
    [TestCase("/dashboard/..\\..\\Launcher.Web.dll")]
    [TestCase("/dashboard/Launcher.Web.Dashboard.index.html")]
    public async Task Dashboard_PathTraversal_404AndNothingServed(string path)
    {
        // Raw HTTP over a socket: HttpClient would normalize the dot segments before sending.
        using var client = new TcpClient();
        await client.ConnectAsync(_node.Server.Address!.Host, _node.Server.Address.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var response = await reader.ReadToEndAsync(timeout.Token);

        Assert.That(response, Does.StartWith("HTTP/1.1 404").Or.StartWith("HTTP/1.1 400"));
        Assert.That(response, Does.Not.Contain("root:").And.Not.Contain("<html"));
    }

    [Test]
    public async Task Headers_SentTooSlowly_ConnectionClosedByTheServer()
    {
        await using var node = await RunningNode.StartAsync(instances: 1, startLauncher: false, options: RunningNode.KeyedOptions with { RequestHeadersTimeout = TimeSpan.FromSeconds(1) });
        using var client = new TcpClient();
        await client.ConnectAsync(node.Server.Address!.Host, node.Server.Address.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"));

        // The rest of the headers never comes: Kestrel must give up (408 or a close) well before this bound.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var response = await reader.ReadToEndAsync(timeout.Token);
        Assert.That(response, Is.Empty.Or.StartWith("HTTP/1.1 408"));
    }

    [Test]
    public async Task Isolation_NoKeyConfigured_403WritesDisabled()
    {
        await using var node = await RunningNode.StartAsync(instances: 1, startLauncher: false, options: new WebApiOptions { ApiKeyEnvironmentVariable = null });
        using var request = Post("""{"ip": "127.0.0.1", "port": 9, "walkable": true}""", key: "anything");
        using var response = await node.Http.SendAsync(request);

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, "writes are disabled");
        Assert.That(node.Server.Counters.Rejections[WebApiRejection.WritesDisabled], Is.EqualTo(1));
    }

    [Test]
    public async Task Health_LauncherNotStarted_503WithTheReason()
    {
        await using var node = await RunningNode.StartAsync(instances: 1, startLauncher: false, options: RunningNode.KeyedOptions);
        using var response = await node.Http.GetAsync(new Uri("health", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(json.RootElement.GetProperty("status").GetString(), Is.EqualTo("not_ready"));
        Assert.That(json.RootElement.GetProperty("reasons")[0].GetString(), Does.Contain("not running"));
    }

    [Test]
    public async Task Events_MoreClientsThanAllowed_503ForTheExtraOne()
    {
        await using var node = await RunningNode.StartAsync(instances: 1, startLauncher: false, options: RunningNode.KeyedOptions with { MaxEventClients = 1 });
        using var first = await node.Http.GetAsync(new Uri("events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        using var second = await node.Http.GetAsync(new Uri("events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(node.Server.Counters.Rejections[WebApiRejection.TooManyEventClients], Is.EqualTo(1));
    }

    [Test]
    public void StartAsync_NonLoopbackWithoutKey_RefusesToStart()
    {
        // Refused before anything is bound, so no non-loopback socket is ever opened.
        var server = new ApiServer(_node.Launcher, new WebApiOptions { Endpoint = new IPEndPoint(IPAddress.Any, 0), ApiKeyEnvironmentVariable = null });

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync());
        Assert.That(error!.Message, Does.Contain("not a loopback address").And.Contain("API key"));
        Assert.That(server.Address, Is.Null);
    }

    [Test]
    public void StartAsync_KeyFileEmpty_RefusesToStartNamingTheFileNotTheKey()
    {
        var file = Path.GetTempFileName();
        try
        {
            var server = new ApiServer(_node.Launcher, new WebApiOptions { Endpoint = new IPEndPoint(IPAddress.Loopback, 0), ApiKeyFile = file });
            var error = Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync());
            Assert.That(error!.Message, Does.Contain(file).And.Contain("empty"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static HttpRequestMessage Post(string body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "isolation") { Content = Json(body) };
        request.Headers.Add("X-Api-Key", key);
        return request;
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), body);
        using var json = JsonDocument.Parse(body);
        Assert.That(json.RootElement.GetProperty("success").GetBoolean(), Is.False);
        Assert.That(json.RootElement.GetProperty("error").GetString(), Does.Contain(expected));
    }
}
