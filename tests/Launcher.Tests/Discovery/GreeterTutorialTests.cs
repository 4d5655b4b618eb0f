using Ipv8.Communities;
using Ipv8.Keys;
using Ipv8.Simulation;
using Launcher.Definitions;
using Launcher.Hosting;
using Launcher.Launching;
using Launcher.Tests.Plugins;
using Launcher.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Launcher.Tests.Discovery;

/// <summary>
/// The discovery tutorial (launchers/Greeter.Plugin) from its own four files on the simulated network: a bootnode, three
/// EvenGang and three OddClub members, and a newcomer that greets three OddClub peers, then three EvenGang peers.
/// </summary>
[TestFixture]
public sealed class GreeterTutorialTests
{
    private static readonly KeyFactory Keys = new();
    private TestPluginFolder _plugins = null!;

    [OneTimeSetUp]
    public void LoadPlugin() => _plugins = TestPluginFolder.With("Greeter");

    [OneTimeTearDown]
    public void RemovePlugin() => _plugins.Dispose();

    [Test]
    public async Task Tutorial_SimulatedNetwork_NewcomerGreetsThreeOddThenThreeEven()
    {
        var net = new SimulatedNetwork(new SimulatedNetworkOptions { Seed = 10 });
        var hosts = new List<OverlayHost>();
        try
        {
            var bootEndpoint = net.CreateEndpoint();
            var point = $"[\"{bootEndpoint.Address.ToIPAddress()}\", {bootEndpoint.Address.Port}]";
            var boot = await StartAsync("bootnode.yaml", point, 1, net, 0, _ => bootEndpoint);
            hosts.AddRange(boot);
            var even = await StartAsync("even.yaml", point, 3, net, 10);
            var odd = await StartAsync("odd.yaml", point, 3, net, 20);
            hosts.AddRange(even);
            hosts.AddRange(odd);
            Advance(net, TimeSpan.FromSeconds(5));
            var newcomer = (await StartAsync("newcomer.yaml", point, 1, net, 30)).Single();
            hosts.Add(newcomer);
            var greeter = newcomer.Overlays.Single(o => o.Name == "GreeterCommunity").Community;
            for (var i = 0; i < 1200 && !TestPluginFolder.Read<bool>(greeter, "TourFinished"); i++)
            {
                net.Clock.Advance(TimeSpan.FromMilliseconds(100));
            }

            var greeted = ((System.Collections.IEnumerable)TestPluginFolder.Call<object>(greeter, "GetGreeted")).Cast<object>()
                .Select(g => (Mid: TestPluginFolder.Read<string>(g, "Mid"), Namespace: TestPluginFolder.Read<string>(g, "Namespace"))).ToList();
            var oddMids = odd.Select(MidOf).ToList();
            var evenMids = even.Select(MidOf).ToList();
            var discovered = newcomer.GetDiscovered();
            Assert.Multiple(() =>
            {
                Assert.That(TestPluginFolder.Read<bool>(greeter, "TourFinished"), Is.True, "the tour ended within two simulated minutes");
                Assert.That(greeted.Select(g => g.Namespace), Is.EqualTo(new[] { "OddClub", "OddClub", "OddClub", "EvenGang", "EvenGang", "EvenGang" }), "three OddClub greetings, then three EvenGang");
                Assert.That(greeted.Take(3).Select(g => g.Mid), Is.EquivalentTo(oddMids), "the OddClub peers greeted are the odd members, each once");
                Assert.That(greeted.Skip(3).Select(g => g.Mid), Is.EquivalentTo(evenMids), "the EvenGang peers greeted are the even members, each once");
                Assert.That(discovered["OddClub"].Select(p => p.MidHex), Is.EquivalentTo(oddMids), "the section's own request found every odd member");
                Assert.That(discovered["EvenGang"].Select(p => p.MidHex), Is.EquivalentTo(evenMids));
                Assert.That(boot.Single().Overlays.Single().Community.GetCounters().Overlay["rendezvous_registrations_accepted"], Is.EqualTo(6), "six members registered at the bootnode");
            });
            foreach (var member in odd.Concat(even))
            {
                var received = (System.Collections.ICollection)TestPluginFolder.Call<object>(member.Overlays.Single(o => o.Name == "GreeterCommunity").Community, "GetReceived");
                Assert.That(received, Has.Count.EqualTo(1), "each member was greeted once by the newcomer");
            }
        }
        finally
        {
            foreach (var host in Enumerable.Reverse(hosts))
            {
                await host.DisposeAsync();
            }
        }
    }

    [Test]
    public void Build_DiscoverySectionWithUnknownInterfaceAndBadNamespace_RefusedWithPaths()
    {
        var file = Path.Combine(_plugins.Directory, "..", $"bad-discovery-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, """
            keys: [{ alias: k, generation: curve25519, ephemeral: true }]
            discovery:
              interfaces:
                - class: RendezvousInterfase
                - class: RendezvousInterface
                  init: { rendezvous_points: [["127.0.0.1", 18100]], discover_limit: 5000 }
              advertise: [OddClub, OddClub]
            overlays: []
            """);
        try
        {
            var error = Assert.Throws<Launcher.Configuration.ConfigurationException>(() => Builder(file).Build());
            Assert.That(error!.Message, Does.Contain("discovery.interfaces[0].class").And.Contain("did you mean 'RendezvousInterface'")
                .And.Contain("discovery.interfaces[1].init").And.Contain("discover_limit")
                .And.Contain("'OddClub' is listed twice"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string MidOf(OverlayHost host) => host.Overlays.Single(o => o.Name == "GreeterCommunity").Community.MyPeer.PublicKey.MidHex;

    private LauncherModelBuilder Builder(string file) => new LauncherModelBuilder(loadOptions: TestFiles.NoEnvironment)
        .AddAssemblies(typeof(Community).Assembly)
        .UsePluginsDirectory(_plugins.Directory)
        .AddFile(file);

    /// <summary>Builds a role's model from the sample's own file (the rendezvous point moved to the simulated bootnode) and starts <paramref name="count"/> hosts.</summary>
    private async Task<List<OverlayHost>> StartAsync(string role, string point, int count, SimulatedNetwork net, int keySeed, Func<int, SimulatedEndpoint>? endpointOf = null)
    {
        var source = Path.Combine(TestContext.CurrentContext.TestDirectory, "Resources", "Greeter", role);
        var file = Path.Combine(_plugins.Directory, "..", $"{Guid.NewGuid():N}-{role}");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(source)).Replace("[\"127.0.0.1\", 18100]", point, StringComparison.Ordinal));
        LauncherModel model;
        try
        {
            model = Builder(file).Build();
        }
        finally
        {
            File.Delete(file);
        }

        var services = new ServiceCollection().BuildServiceProvider();
        var hosts = new List<OverlayHost>();
        for (var i = 0; i < count; i++)
        {
            var endpoint = endpointOf?.Invoke(i) ?? net.CreateEndpoint();
            var alias = model.Configuration.Keys.Single().Alias;
            var key = new KeyDefinition { Alias = alias, Bin = Convert.ToBase64String(SimulatedSwarm.CreateKey(Keys, 5000 + keySeed + i).KeyBin) };
            var host = new OverlayHost(model with { Configuration = model.Configuration with { Keys = EquatableArray.From([key]) } }, services, new OverlayHostOptions
            {
                EndpointFactory = _ => endpoint,
                TimeProvider = net.Clock,
                KeyFactory = Keys,
                RandomSeed = keySeed * 100 + i,
            });
            await host.StartAsync();
            hosts.Add(host);
        }

        return hosts;
    }

    private static void Advance(SimulatedNetwork net, TimeSpan duration)
    {
        var end = net.Clock.Elapsed + duration;
        while (net.Clock.Elapsed < end)
        {
            net.Clock.Advance(TimeSpan.FromMilliseconds(100));
        }
    }
}
