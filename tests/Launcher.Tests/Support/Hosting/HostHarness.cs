using Ipv8.Communities;
using Ipv8.Messaging;
using Ipv8.Simulation;
using Launcher.Hosting;
using Launcher.Launching;
using Microsoft.Extensions.DependencyInjection;

namespace Launcher.Tests.Support.Hosting;

/// <summary>
/// Builds models and hosts the way an application does (production pipeline), on a simulated network with a
/// virtual clock unless real loopback sockets are asked for. Owns a temporary directory for files.
/// </summary>
public sealed class HostHarness : IAsyncDisposable
{
    public const string Header =
        "interfaces: [{ interface: UDPIPv4, ip: 127.0.0.1, port: 0 }]\n"
        + "keys: [{ alias: anonymous id, generation: curve25519, ephemeral: true }]\n";

    private readonly List<OverlayHost> _hosts = [];

    public HostHarness()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"launcher-hosting-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        Services = new ServiceCollection().AddSingleton(Journal).BuildServiceProvider();
        Network = new SimulatedNetwork(new SimulatedNetworkOptions { Seed = 7 });
    }

    public string Directory { get; }

    public HookJournal Journal { get; } = new();

    public ServiceProvider Services { get; }

    public SimulatedNetwork Network { get; }

    /// <summary>Every endpoint a host created, in order.</summary>
    public List<IEndpoint> Endpoints { get; } = [];

    public string Write(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public LauncherModelBuilder Builder(params Type[] launchers) =>
        new LauncherModelBuilder(loadOptions: TestFiles.NoEnvironment)
            .AddAssemblies(typeof(Community).Assembly)
            .AddTypes(HostedComponents.Types)
            .AddTypes(launchers)
            .UsePluginsDirectory(Path.Combine(Directory, "plugins"))
            .UseServices(Services);

    public LauncherModel Model(string yaml, params Type[] launchers) =>
        Builder(launchers).AddFile(Write("overlays.yaml", yaml)).Build();

    public OverlayHost Host(LauncherModel model, bool udp = false)
    {
        var host = new OverlayHost(model, Services, new OverlayHostOptions
        {
            EndpointFactory = interfaces =>
            {
                var endpoint = udp ? UdpEndpointFactory.CreateStandalone(interfaces) : Network.CreateEndpoint();
                Endpoints.Add(endpoint);
                return endpoint;
            },
            TimeProvider = udp ? TimeProvider.System : Network.Clock,
            BaseDirectory = Directory,
            RandomSeed = 3,
        });
        _hosts.Add(host);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
        }

        await Services.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
