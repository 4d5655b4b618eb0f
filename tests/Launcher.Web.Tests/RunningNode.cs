using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Launcher.Configuration;
using Launcher.Hosting;
using Launcher.Launching;
using Microsoft.Extensions.DependencyInjection;

namespace Launcher.Web.Tests;

/// <summary>
/// A real node on loopback: a launcher running <c>instances</c> GenericOverlay instances that meet through a hosted tracker
/// (real UDP sockets on 127.0.0.1), with an <see cref="ApiServer"/> on 127.0.0.1 port 0 over it.
/// </summary>
internal sealed class RunningNode : IAsyncDisposable
{
    public const string ApiKey = "test-api-key-0123456789";

    private readonly ServiceProvider _services;
    private readonly string _directory;

    private RunningNode(ServiceProvider services, string directory, ApiServer server)
    {
        _services = services;
        _directory = directory;
        Server = server;
        Launcher = services.GetRequiredService<IOverlayLauncherService>();
        Http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public IOverlayLauncherService Launcher { get; }

    public ApiServer Server { get; }

    public HttpClient Http { get; }

    /// <summary>Writes the configuration, starts the API (and the launcher unless <paramref name="startLauncher"/> is false).</summary>
    public static async Task<RunningNode> StartAsync(int instances, bool startLauncher = true, WebApiOptions? options = null, TimeSpan? walkerInterval = null)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"launcher-web-{Guid.NewGuid():N}")).FullName;
        var trackerPort = FreeUdpPort();
        var path = Path.Combine(directory, "node.yaml");
        var interval = (walkerInterval ?? TimeSpan.FromMilliseconds(100)).TotalSeconds.ToString(CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(path, string.Create(CultureInfo.InvariantCulture, $$"""
            instances: {{instances}}
            interfaces: [{ interface: UDPIPv4, ip: 127.0.0.1, port: 0 }]
            keys: [{ alias: me, generation: curve25519, ephemeral: true }]
            walker_interval: {{interval}}
            tracker: { address: 127.0.0.1, port: {{trackerPort}} }
            overlays:
              - name: WebDemo
                class: GenericOverlay
                community_id: 4c61756e63686572207765622074657374206f76
                walkers: [{ strategy: RandomWalk, peers: 20 }]
                bootstrappers:
                  - class: DispersyBootstrapper
                    init: { ip_addresses: [["127.0.0.1", {{trackerPort}}]], bootstrap_timeout: 1.0 }

            """));
        var services = new ServiceCollection()
            .AddOverlayLauncher(_ => new LauncherModelBuilder(new ConfigurationLoadOptions { Environment = new Dictionary<string, string>() })
                .AddAssemblies(typeof(Launchers.Builtin.GenericOverlay).Assembly)
                .AddFile(path)
                .UsePluginsDirectory(Path.Combine(directory, "no-plugins")))
            .BuildServiceProvider();
        var launcher = services.GetRequiredService<IOverlayLauncherService>();
        if (startLauncher)
        {
            await launcher.StartAsync();
        }

        var server = new ApiServer(launcher, (options ?? new WebApiOptions()) with { Endpoint = new IPEndPoint(IPAddress.Loopback, 0) });
        await server.StartAsync();
        return new RunningNode(services, directory, server);
    }

    /// <summary>Options with the test key and no environment variable.</summary>
    public static WebApiOptions KeyedOptions => new() { ApiKey = ApiKey, ApiKeyEnvironmentVariable = null };

    /// <summary>Waits (bounded) until every overlay of every instance knows <paramref name="peers"/> peers.</summary>
    public async Task<bool> WaitForPeersAsync(int peers, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!deadline.IsCancellationRequested)
        {
            if (Launcher.Hosts.SelectMany(h => h.Overlays).All(o => o.Community.PeerCount >= peers))
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        await _services.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
