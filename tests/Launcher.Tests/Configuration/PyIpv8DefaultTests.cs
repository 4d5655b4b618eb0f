using Launcher.Configuration;
using Launcher.Definitions;
using Launcher.Tests.Support;

namespace Launcher.Tests.Configuration;

public sealed class PyIpv8DefaultTests
{
    private static LauncherConfiguration LoadDefault() =>
        new ConfigurationLoader(TestFiles.NoEnvironment).Load(TestFiles.Resource("py-ipv8-default.json"));

    [Test]
    public void Load_PyIpv8DefaultJson_ValidatesAndBindsEverySection()
    {
        var configuration = LoadDefault();
        Assert.Multiple(() =>
        {
            Assert.That(configuration.Interfaces.Single(), Is.EqualTo(new InterfaceDefinition { Interface = "UDPIPv4", Ip = "0.0.0.0", Port = 8090 }));
            Assert.That(configuration.Keys.Single(), Is.EqualTo(new KeyDefinition { Alias = "anonymous id", Generation = "curve25519", File = "ec_multichain.pem" }));
            Assert.That(configuration.LogLevel, Is.EqualTo("INFO"));
            Assert.That(configuration.WorkingDirectory, Is.EqualTo("."));
            Assert.That(configuration.WalkerInterval, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
            Assert.That(configuration.Overlays.Select(o => o.Name), Is.EqualTo(new[] { "DiscoveryCommunity", "HiddenTunnelCommunity", "DHTDiscoveryCommunity" }));
            Assert.That(configuration.Overrides, Is.Empty);
        });
    }

    [Test]
    public void Load_PyIpv8DefaultJson_DiscoveryOverlayHasItsStrategiesAndBootstrapper()
    {
        var discovery = LoadDefault().Overlays[0];
        var churn = discovery.Walkers[1];
        var bootstrapper = discovery.Bootstrappers.Single();
        Assert.Multiple(() =>
        {
            Assert.That(discovery.Walkers.Select(w => (w.Strategy, w.Peers)), Is.EqualTo(new[] { ("RandomWalk", 20), ("RandomChurn", -1), ("PeriodicSimilarity", -1) }));
            Assert.That(discovery.Walkers[0].Init["timeout"].AsNumber(), Is.EqualTo(3.0));
            Assert.That(churn.Init["inactive_time"].AsNumber(), Is.EqualTo(27.5));
            Assert.That(churn.Init["drop_time"].AsNumber(), Is.EqualTo(57.5));
            Assert.That(bootstrapper.Class, Is.EqualTo("DispersyBootstrapper"));
            Assert.That(bootstrapper.Init["ip_addresses"].Items, Has.Count.EqualTo(13));
            Assert.That(bootstrapper.Init["dns_addresses"].Items, Has.Count.EqualTo(7));
            Assert.That(bootstrapper.Init["bootstrap_timeout"].AsNumber(), Is.EqualTo(30.0));
            Assert.That(discovery.Key, Is.EqualTo("anonymous id"));
        });
    }

    [Test]
    public void Load_PyIpv8DefaultJson_HiddenTunnelKeepsInitializeAndOnStart()
    {
        var tunnel = LoadDefault().Overlays[1];
        Assert.Multiple(() =>
        {
            Assert.That(tunnel.Initialize["max_traffic"].AsNumber(), Is.EqualTo(250 * 1024 * 1024));
            Assert.That(tunnel.Initialize, Has.Count.EqualTo(7));
            Assert.That(tunnel.OnStart.Single(), Is.EqualTo(new OnStartCall("build_tunnels", [ConfigValue.FromNumber(1)])));
        });
    }

    [Test]
    public void Load_PyIpv8DefaultJson_EqualsBuiltInDefaultsApartFromTrackerAddresses()
    {
        static LauncherConfiguration WithoutTrackers(LauncherConfiguration c) => c with
        {
            Overlays = EquatableArray.From(c.Overlays.Select(o => o with { Bootstrappers = [PyIpv8Defaults.DispersyBootstrapper()] })),
        };

        Assert.That(WithoutTrackers(LoadDefault()), Is.EqualTo(WithoutTrackers(PyIpv8Defaults.Configuration())));
    }

    [Test]
    public void Build_PyIpv8Default_ReportsOnlyTheClassesWeDoNotImplement()
    {
        var exception = Assert.Throws<ConfigurationException>(() => TestCatalog.ModelBuilder().AddConfiguration(LoadDefault()).Build())!;
        Assert.That(exception.Errors.Select(e => e.Message).ToList(), Has.Count.EqualTo(2)
            .And.One.StartsWith("unknown overlay class 'HiddenTunnelCommunity'")
            .And.One.StartsWith("unknown overlay class 'DHTDiscoveryCommunity'"), exception.Message);
    }
}
