using System.Diagnostics;

namespace Launcher.Tests.EndToEnd;

/// <summary>
/// <c>launcher run</c> on the generic host, as real processes: appsettings.json (and appsettings.{Environment}.json) from
/// the working directory configure logging, <c>LAUNCHER_</c> environment variables override them, and SIGTERM drains the
/// overlays in reverse launch order within <c>HostOptions:ShutdownTimeout</c>.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
[NonParallelizable]
public sealed class GenericHostProcessTests : ScratchFolderFixture
{
    private const string LaunchedLine = "Launched overlay First";
    private static readonly TimeSpan RunBound = TimeSpan.FromSeconds(60);

    /// <summary>Two overlays, First then Second; the file's own logger level is WARNING, so by itself nothing below is logged.</summary>
    private const string Config = """
        interfaces: [{ interface: UDPIPv4, ip: 127.0.0.1, port: 0 }]
        keys: [{ alias: me, generation: curve25519, ephemeral: true }]
        logger: { level: WARNING }
        overlays:
          - name: First
            class: GenericOverlay
            community_id: 4c61756e6368657220686f7374206669727374aa
            walkers: [{ strategy: RandomWalk, peers: 5 }]
          - name: Second
            class: GenericOverlay
            community_id: 4c61756e6368657220686f7374207365636f6eaa
            after: [First]
            walkers: [{ strategy: RandomWalk, peers: 5 }]

        """;

    [Test]
    public async Task Run_NoAppSettings_FileLevelWarningLogsNoInformation()
    {
        var result = await RunAsync(new Dictionary<string, string?>());

        Assert.That(result.ExitCode, Is.Zero, result.Everything);
        Assert.That(result.Output, Does.Contain("launcher: listening First on 127.0.0.1:").And.Not.Contain(LaunchedLine), result.Everything);
    }

    [Test]
    public async Task Run_AppSettingsLoggingLevelInformation_InformationLogged()
    {
        await WriteAsync("appsettings.json", """{ "Logging": { "LogLevel": { "Default": "Information" } } }""");

        var result = await RunAsync(new Dictionary<string, string?>());

        Assert.That(result.ExitCode, Is.Zero, result.Everything);
        Assert.That(result.Output, Does.Contain($"info: Launcher.Hosting.OverlayHost[3000] {LaunchedLine}"), result.Everything);
    }

    [Test]
    public async Task Run_LauncherPrefixedEnvironmentVariable_OverridesAppSettings()
    {
        await WriteAsync("appsettings.json", """{ "Logging": { "LogLevel": { "Default": "Information" } } }""");

        var result = await RunAsync(new Dictionary<string, string?> { ["LAUNCHER_Logging__LogLevel__Default"] = "Warning" });

        Assert.That(result.ExitCode, Is.Zero, result.Everything);
        Assert.That(result.Output, Does.Contain("launcher: listening First").And.Not.Contain(LaunchedLine), result.Everything);
    }

    [Test]
    public async Task Run_DotnetEnvironmentNamed_ItsAppSettingsFileWins()
    {
        await WriteAsync("appsettings.json", """{ "Logging": { "LogLevel": { "Default": "Warning" } } }""");
        await WriteAsync("appsettings.Staging.json", """{ "Logging": { "LogLevel": { "Launcher.Hosting": "Information" } } }""");

        var staging = await RunAsync(new Dictionary<string, string?> { ["DOTNET_ENVIRONMENT"] = "Staging" });
        var production = await RunAsync(new Dictionary<string, string?> { ["DOTNET_ENVIRONMENT"] = null });

        Assert.Multiple(() =>
        {
            Assert.That(staging.Output, Does.Contain(LaunchedLine), staging.Everything);
            Assert.That(production.Output, Does.Not.Contain(LaunchedLine), production.Everything);
        });
    }

    [Test]
    public async Task Run_ShutdownTimeoutNotADuration_Exit2NamingTheSetting()
    {
        await WriteAsync("appsettings.json", """{ "HostOptions": { "ShutdownTimeout": "soon" } }""");

        var result = await RunAsync(new Dictionary<string, string?>());

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Everything);
        Assert.That(result.Error, Does.Contain("HostOptions:ShutdownTimeout").And.Contain("'soon'"));
    }

    [Test]
    public async Task Run_AppSettingsNotJson_Exit2NamingTheFile()
    {
        await WriteAsync("appsettings.json", "{ \"Logging\": ");

        var result = await RunAsync(new Dictionary<string, string?>());

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Everything);
        Assert.That(result.Error, Does.Contain("appsettings.json"));
    }

    [Test]
    public async Task RunProcess_Sigterm_DrainsInReverseLaunchOrderWithinTheShutdownTimeout()
    {
        var shutdownTimeout = TimeSpan.FromSeconds(3);
        // Debug for the host and the peer cache only: "Unloaded overlay NAME" per overlay, and the caches written before.
        await WriteAsync("appsettings.json", $$"""
            {
              "Logging": { "LogLevel": { "Default": "Warning", "Ipv8.Bootstrapping.PeerCacheFile": "Debug", "Launcher.Hosting.OverlayHost": "Debug" } },
              "HostOptions": { "ShutdownTimeout": "{{shutdownTimeout:c}}" }
            }
            """);
        await WriteAsync("host.yaml", Config);
        using var deadline = new CancellationTokenSource(RunBound);
        using var run = CliProcess.Start("run", ScratchFolder, "run", "host.yaml", "--duration", "60s", "--quiet");
        await run.WaitForLineAsync(l => l.StartsWith("launcher: listening First", StringComparison.Ordinal), deadline.Token);
        if (!await run.TerminateAsync(deadline.Token))
        {
            Assert.Ignore("SIGTERM cannot be sent here (no kill command)");
        }

        var drain = Stopwatch.StartNew();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        // The drain bound plus the process's own exit (the runtime's shutdown, output flushed).
        bound.CancelAfter(shutdownTimeout + TimeSpan.FromSeconds(5));
        var exitCode = await run.WaitForExitAsync(bound.Token);
        drain.Stop();

        var output = run.Output();
        var cache = output.IndexOf("peers.First.json", StringComparison.Ordinal);
        var second = output.IndexOf("Unloaded overlay Second", StringComparison.Ordinal);
        var first = output.IndexOf("Unloaded overlay First", StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, output);
            Assert.That(cache, Is.Not.Negative, "First's peer cache was handled while draining\n" + output);
            Assert.That(second, Is.GreaterThan(cache), "the caches are written before the overlays unload (while the peers are known)\n" + output);
            Assert.That(first, Is.GreaterThan(second), "First (launched first) was unloaded after Second\n" + output);
        });
    }

    [Test]
    public async Task Run_ApiSectionInTheFile_ServesThere()
    {
        var result = await RunAsync(new Dictionary<string, string?>(), Config + "api: { address: \"127.0.0.1:0\" }\n");

        Assert.That(result.ExitCode, Is.Zero, result.Everything);
        Assert.That(result.Output, Does.Match(@"api listening on http://127\.0\.0\.1:[1-9][0-9]*/ \(REST API and dashboard\)"), result.Everything);
    }

    [Test]
    public async Task Run_ApiOptionAndApiSection_TheOptionWins()
    {
        var port = FreeTcpPort();

        var result = await RunAsync(new Dictionary<string, string?>(), Config + "api: { address: \"127.0.0.1:0\" }\n", "--api", $"127.0.0.1:{port}");

        Assert.That(result.ExitCode, Is.Zero, result.Everything);
        Assert.That(result.Output, Does.Contain($"api listening on http://127.0.0.1:{port}/"), result.Everything);
    }

    [Test]
    public async Task Run_ApiSectionNotLoopbackWithoutKey_Exit2AtItsLine()
    {
        var result = await RunAsync(new Dictionary<string, string?>(), Config + "api:\n  address: 0.0.0.0:8085\n");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Everything);
        Assert.That(result.Error, Does.Contain("host.yaml:").And.Contain("api.address").And.Contain("not a loopback address"));
        Assert.That(result.Output, Does.Not.Contain("listening"), "refused before anything opened");
    }

    private static int FreeTcpPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private Task WriteAsync(string name, string text) => File.WriteAllTextAsync(Path.Combine(ScratchFolder, name), text);

    private async Task<ProcessRun.Result> RunAsync(Dictionary<string, string?> environment, string config = Config, params string[] extra)
    {
        await WriteAsync("host.yaml", config);
        environment.TryAdd("DOTNET_ENVIRONMENT", null);
        environment.TryAdd("LAUNCHER_API_KEY", null);
        return await ProcessRun.RunAsync(DotnetHost(), [CliProcess.CliPath, "run", "host.yaml", "--duration", "3s", "--quiet", "--no-peer-cache", .. extra], ScratchFolder, environment, RunBound);
    }

    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }
}
