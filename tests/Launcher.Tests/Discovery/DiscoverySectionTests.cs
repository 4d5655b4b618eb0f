using Ipv8.Communities;
using Ipv8.Discovery;
using Ipv8.Rendezvous;
using Launcher.Attributes;
using Launcher.Configuration;
using Launcher.Definitions;
using Launcher.Hosting;
using Launcher.Launching;
using Launcher.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Launcher.Tests.Discovery;

/// <summary>The <c>discovery</c> section declared in code and by launcher attributes, and the manager in DI.</summary>
[TestFixture]
public sealed class DiscoverySectionTests
{
    [Test]
    public void Build_LauncherWithNamespaceAttributes_NamespacesJoinTheSection()
    {
        var model = Builder(ConfigBuilder.Clean()
            .AddKey("node")
            .SetDiscovery(false, [("RendezvousInterface", Points())], advertise: ["EvenGang"])
            .AddLauncher<NamespacedLauncher>()
            .Build()).Build();

        Assert.Multiple(() =>
        {
            Assert.That(model.Discovery!.Definition.Advertise, Is.EqualTo(new[] { "EvenGang", "OddClub" }), "the section's own first, then the launcher's");
            Assert.That(model.Discovery.Definition.Request, Is.EqualTo(new[] { "EvenGang" }));
            Assert.That(model.Discovery.Interfaces.Single().Options, Is.InstanceOf<RendezvousInterfaceOptions>());
            Assert.That(model.Plan.Order[0].Name, Is.EqualTo(DiscoveryResolver.RendezvousOverlayName), "the rendezvous overlay launches first");
            Assert.That(model.Plan.Render(model.Configuration.Discovery), Does.Contain("advertise: EvenGang, OddClub"));
        });
    }

    [Test]
    public void Build_LauncherWithNamespaceAttributesButNoSection_ErrorNamesTheLauncher()
    {
        var error = Assert.Throws<ConfigurationException>(() => Builder(ConfigBuilder.Clean().AddKey("node").AddLauncher<NamespacedLauncher>().Build()).Build());
        Assert.That(error!.Message, Does.Contain("NamespacedLauncher").And.Contain("'discovery' section"));
    }

    [Test]
    public async Task AddOverlayLauncher_ServingSection_ManagerInDiAndPointServes()
    {
        var configuration = ConfigBuilder.Clean()
            .SetAddress("127.0.0.1").SetPort(0)
            .AddKey("node", "curve25519")
            .SetDiscovery(true, [("RendezvousInterface", Points())], advertise: ["OddClub"], request: ["OddClub"])
            .Build();
        await using var services = new ServiceCollection().AddOverlayLauncher(b => b.AddConfiguration(configuration).AddAssemblies(typeof(DiscoveryCommunity).Assembly)).BuildServiceProvider();
        var launcher = services.GetRequiredService<IOverlayLauncherService>();
        await launcher.StartAsync();
        try
        {
            var manager = services.GetRequiredService<IDiscoveryManager>();
            var rendezvous = (RendezvousCommunity)launcher.Host.Overlays.Single().Community;
            Assert.Multiple(() =>
            {
                Assert.That(manager, Is.SameAs(launcher.Host.Discovery));
                Assert.That(manager.Interfaces.Single().Name, Is.EqualTo(RendezvousInterface.InterfaceName));
                Assert.That(rendezvous.Options.Serve, Is.True, "serve: true makes the rendezvous overlay a point");
                Assert.That(rendezvous.MaxPeers, Is.EqualTo(DiscoveryResolver.ServingMaxPeers));
                Assert.That(launcher.Host.GetDiscovered().Keys, Is.EquivalentTo(new[] { "OddClub" }));
            });
        }
        finally
        {
            await launcher.StopAsync();
        }
    }

    private static SettingsMap Points() =>
        SettingsMap.FromObjects([KeyValuePair.Create<string, object?>("rendezvous_points", new object[] { new object[] { "127.0.0.1", 18100 } })]);

    private static LauncherModelBuilder Builder(LauncherConfiguration configuration) =>
        new LauncherModelBuilder(loadOptions: TestFiles.NoEnvironment)
            .AddConfiguration(configuration)
            .AddAssemblies(typeof(Community).Assembly)
            .AddTypes(typeof(NamespacedLauncher))
            .UsePluginsDirectory(Path.Combine(TestContext.CurrentContext.WorkDirectory, "no-plugins"));

    /// <summary>A launcher declaring namespaces with attributes.</summary>
    [Name("Namespaced")]
    [Overlay(typeof(DiscoveryCommunity))]
    [Advertise("OddClub")]
    [RequestNamespace("EvenGang")]
    public sealed class NamespacedLauncher : CommunityLauncher
    {
    }
}
