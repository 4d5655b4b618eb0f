using Launcher.Configuration;
using Launcher.Definitions;

namespace Launcher.Tests.Configuration;

public sealed class ConfigBuilderTests
{
    [Test]
    public void Build_FromDefaults_EqualsPyIpv8Defaults() =>
        Assert.That(new ConfigBuilder().Build(), Is.EqualTo(PyIpv8Defaults.Configuration()));

    [Test]
    public void Clean_HasNoKeysOverlaysOrInterfaces()
    {
        var configuration = ConfigBuilder.Clean().Build();
        Assert.That((configuration.Keys.Count, configuration.Overlays.Count, configuration.Interfaces.Count), Is.EqualTo((0, 0, 0)));
    }

    [Test]
    public void AddOverlay_WithoutAllowDuplicate_ReplacesSameClass()
    {
        var configuration = new ConfigBuilder()
            .AddOverlay("DiscoveryCommunity", "anonymous id", [ConfigBuilder.Walker("EdgeWalk")])
            .Build();
        var discovery = configuration.Overlays.Single(o => o.Class == "DiscoveryCommunity");
        Assert.That(discovery.Walkers.Single().Strategy, Is.EqualTo("EdgeWalk"));
    }

    [Test]
    public void AddOverlay_AllowDuplicate_GivesDistinctNames()
    {
        var configuration = ConfigBuilder.Clean().AddKey("me")
            .AddOverlay("ChatCommunity", "me").AddOverlay("ChatCommunity", "me", allowDuplicate: true).Build();
        Assert.That(configuration.Overlays.Select(o => o.Name), Is.EqualTo(new[] { "ChatCommunity", "ChatCommunity_2" }));
    }

    [Test]
    public void SetAddressAndPort_UpdateOrAppendInterfaces()
    {
        var configuration = new ConfigBuilder().SetAddress("127.0.0.1").SetPort(0).SetPort(9000, InterfaceDefinition.UdpIPv6).Build();
        Assert.That(configuration.Interfaces.Select(i => (i.Interface, i.Ip, i.Port)),
            Is.EqualTo(new[] { ("UDPIPv4", "127.0.0.1", 0), ("UDPIPv6", "0.0.0.0", 9000) }));
    }

    [Test]
    public void AddKey_SameAlias_Replaces()
    {
        var configuration = ConfigBuilder.Clean().AddKey("me", "curve25519", "a.pem").AddKeyFromBin("me", "TGliTmFDTFNLOg==").Build();
        Assert.That(configuration.Keys.Single().Bin, Is.EqualTo("TGliTmFDTFNLOg=="));
    }

    [Test]
    public void AddEphemeralKey_IsMarkedEphemeral() =>
        Assert.That(ConfigBuilder.Clean().AddEphemeralKey("tmp").Build().Keys.Single().Ephemeral, Is.True);

    [Test]
    public void Build_InvalidValues_ReportsAllWithBuilderOrigin()
    {
        var builder = ConfigBuilder.Clean()
            .SetLogLevel("LOUD")
            .SetWalkerInterval(TimeSpan.FromSeconds(-1))
            .AddKey("me", "ultra")
            .AddOverlay("ChatCommunity", "someone else");
        var ex = Assert.Throws<ConfigurationException>(() => builder.Build())!;
        Assert.Multiple(() =>
        {
            Assert.That(ex.Errors.Select(e => e.Path).ToList(), Is.EqualTo(new[] { "keys[0].generation", "logger.level", "walker_interval", "overlays.ChatCommunity.key" }));
            Assert.That(ex.Errors.All(e => e.Origin == Origin.Builder), Is.True);
            Assert.That(ex.Message, Does.Contain("\"LOUD\" is not allowed"));
            Assert.That(ex.Message, Does.Contain("unknown key alias 'someone else'"));
        });
    }
}
