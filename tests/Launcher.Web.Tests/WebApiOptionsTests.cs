using System.Net;
using Launcher.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Launcher.Web.Tests;

/// <summary>The <c>--api</c> value, option checks, the key gate for non-loopback bindings, and the DI registration.</summary>
[TestFixture]
public sealed class WebApiOptionsTests
{
    [TestCase("8085", "127.0.0.1:8085")]
    [TestCase("127.0.0.1:8085", "127.0.0.1:8085")]
    [TestCase("127.0.0.1:0", "127.0.0.1:0")]
    [TestCase("[::1]:9000", "[::1]:9000")]
    public void TryParseEndpoint_Valid_Endpoint(string text, string expected)
    {
        Assert.That(WebApiOptions.TryParseEndpoint(text, out var endpoint), Is.True);
        Assert.That(endpoint.ToString(), Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("localhost:8085")]
    [TestCase("127.0.0.1")]
    [TestCase("70000")]
    [TestCase("127.0.0.1:70000")]
    [TestCase("-1")]
    public void TryParseEndpoint_Invalid_False(string text) =>
        Assert.That(WebApiOptions.TryParseEndpoint(text, out _), Is.False);

    [Test]
    public void Constructor_InvalidOptions_ArgumentExceptionListingEveryProblem()
    {
        using var services = new ServiceCollection().AddOverlayLauncher(_ => { }).BuildServiceProvider();
        var options = new WebApiOptions { MaxRequestBodyBytes = 0, MaxEventClients = 0 };

        var error = Assert.Throws<ArgumentException>(() => _ = new ApiServer(services.GetRequiredService<IOverlayLauncherService>(), options));
        Assert.That(error!.Message, Does.Contain("max request body").And.Contain("connection limits"));
    }

    [TestCase(null, 401)]
    [TestCase("wrong", 401)]
    [TestCase("the-key", 200)]
    public async Task ApiKeyGate_NonLoopbackBindingRead_NeedsTheKey(string? sent, int expected)
    {
        var counters = new WebApiCounters();
        var gate = new ApiKeyGate("the-key", keyForReads: true, new Rejections(counters, NullLogger.Instance));
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Method = "GET";
        context.Request.Path = "/overlays";
        context.Response.Body = new MemoryStream();
        if (sent is not null)
        {
            context.Request.Headers["X-Api-Key"] = sent;
        }

        var passed = await gate.CheckAsync(context);

        Assert.That(passed ? 200 : context.Response.StatusCode, Is.EqualTo(expected));
        Assert.That(counters.Rejections.Total, Is.EqualTo(expected == 200 ? 0 : 1));
    }

    [Test]
    public async Task AddOverlayLauncherWebApi_GenericHost_ServesWithTheHost()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services
            .AddOverlayLauncher(_ => { })
            .AddOverlayLauncherWebApi(new WebApiOptions { Endpoint = new IPEndPoint(IPAddress.Loopback, 0), ApiKeyEnvironmentVariable = null });
        using var host = builder.Build();

        await host.StartAsync();
        var server = host.Services.GetRequiredService<ApiServer>();
        using var http = new HttpClient { BaseAddress = server.Address };
        using var response = await http.GetAsync(new Uri("health", UriKind.Relative));
        var runningWithTheHost = host.Services.GetRequiredService<IOverlayLauncherService>().IsRunning;
        await host.StopAsync();

        Assert.Multiple(() =>
        {
            Assert.That(runningWithTheHost, Is.True, "AddOverlayLauncher's hosted service started the launcher with the host");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "every (here: no) overlay started, so the node is ready");
            Assert.That(server.Address, Is.Null, "stopped with the host");
            Assert.That(host.Services.GetRequiredService<IOverlayLauncherService>().IsRunning, Is.False, "the launcher stopped with the host");
        });
    }
}
