using Ipv8.Communities;
using Ipv8.Keys;
using Ipv8.Simulation;
using Ipv8.Tracker;
using Launcher.Definitions;
using Launcher.Hosting;
using Launcher.Launching;
using Launcher.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Launcher.Tests.Plugins;

/// <summary>
/// The chat sample's set-up on a seeded simulated network with a virtual clock: a real <see cref="TrackerService"/> and
/// N <see cref="OverlayHost"/>s started from one YAML file (as <c>launchers/SampleChat.Plugin/chat.yaml</c> does with
/// <c>instances</c>), each with its own simulated endpoint and a fixed key.
/// </summary>
internal sealed class ChatSimulation : IAsyncDisposable
{
    private readonly int _seed;

    private ChatSimulation(SimulatedSwarm swarm, LauncherModel model, List<OverlayHost> hosts, int seed)
    {
        _seed = seed;
        Swarm = swarm;
        Model = model;
        Hosts = hosts;
    }

    public static KeyFactory Keys { get; } = new();

    /// <summary>Gets the network and the tracker; the overlay hosts are the launcher's own, on endpoints of this network.</summary>
    public SimulatedSwarm Swarm { get; }

    public SimulatedNetwork Net => Swarm.Network;

    public VirtualClock Clock => Net.Clock;

    public TrackerService Tracker => Swarm.Tracker!;

    public LauncherModel Model { get; }

    public List<OverlayHost> Hosts { get; }

    public IEnumerable<Community> Chats => Hosts.Select(h => h.Overlays.Single().Community);

    /// <summary>The chat overlay as chat.yaml declares it, with the tracker address filled in.</summary>
    public static string Yaml(string trackerAddress) => $"""
        interfaces: [{"{"} interface: UDPIPv4, ip: 127.0.0.1, port: 0 {"}"}]
        keys: [{"{"} alias: chat id, generation: curve25519, ephemeral: true {"}"}]
        walker_interval: 0.5
        overlays:
          - name: SampleChat
            class: ChatCommunity
            key: chat id
            walkers:
              - strategy: RoundRobinWalk
                peers: 10
                init: {"{"} revisit_after: 2.0, introduction_every: 3 {"}"}
            bootstrappers:
              - class: StaticListBootstrapper
                init: {"{"} addresses: ["{trackerAddress}"], servers: true, interval: 2.0 {"}"}
            initialize: {"{"} max_peers: 20 {"}"}
        """;

    public static async Task<ChatSimulation> StartAsync(TestPluginFolder plugins, int peers, int seed, Func<string, string>? editYaml = null)
    {
        var swarm = await SimulatedSwarm.CreateBuilder(seed).WithKeys(Keys).WithTracker(_ => new TrackerOptions { RandomSeed = seed, PrivateKey = Key(seed * 1000) }).BuildAsync();
        var (net, trackerEndpoint) = (swarm.Network, swarm.TrackerHost!);

        var file = Path.Combine(plugins.Directory, "..", Path.GetFileName(plugins.Directory) + "-chat.yaml");
        var yaml = Yaml(trackerEndpoint.Address.ToString());
        await File.WriteAllTextAsync(file, editYaml is null ? yaml : editYaml(yaml));
        LauncherModel model;
        try
        {
            model = new LauncherModelBuilder(loadOptions: TestFiles.NoEnvironment)
                .AddAssemblies(typeof(Community).Assembly)
                .UsePluginsDirectory(plugins.Directory)
                .AddFile(file)
                .Build();
        }
        finally
        {
            File.Delete(file);
        }

        var services = new ServiceCollection().BuildServiceProvider();
        var hosts = new List<OverlayHost>();
        for (var i = 0; i < peers; i++)
        {
            var endpoint = net.CreateEndpoint();
            var key = new KeyDefinition { Alias = "chat id", Bin = Convert.ToBase64String(Key(seed * 1000 + i + 1).KeyBin) };
            var configuration = model.Configuration with { Keys = EquatableArray.From([key]) };
            var host = new OverlayHost(model with { Configuration = configuration }, services, new OverlayHostOptions
            {
                EndpointFactory = _ => endpoint,
                TimeProvider = net.Clock,
                KeyFactory = Keys,
                RandomSeed = seed * 100 + i,
            });
            hosts.Add(host);
            try
            {
                await host.StartAsync();
            }
            catch
            {
                await new ChatSimulation(swarm, model, hosts, seed).DisposeAsync();
                throw;
            }
        }

        return new ChatSimulation(swarm, model, hosts, seed);
    }

    /// <summary>The private key of chat peer <paramref name="index"/> (as the simulation configured it).</summary>
    public PrivateKey KeyOf(int index) => Key(_seed * 1000 + index + 1);

    public void RunSeconds(double seconds)
    {
        for (var t = 0.0; t < seconds; t += 0.25)
        {
            Clock.Advance(TimeSpan.FromSeconds(0.25));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(Hosts))
        {
            await host.DisposeAsync();
        }

        await Swarm.DisposeAsync();
    }

    public static PrivateKey Key(int seed) => SimulatedSwarm.CreateKey(Keys, seed);
}
