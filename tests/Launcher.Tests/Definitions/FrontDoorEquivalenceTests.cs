using Launcher.Configuration;
using Launcher.Definitions;
using Launcher.Launching;
using Launcher.Tests.Support;

namespace Launcher.Tests.Definitions;

public sealed class FrontDoorEquivalenceTests
{
    private static OverlayDefinition FromAttributes()
    {
        var errors = new ErrorList();
        var definition = AttributeDefinitionReader.Read(typeof(ChatLauncher), errors);
        Assert.That(errors.Errors, Is.Empty);
        return definition!;
    }

    private static OverlayDefinition FromBuilder() =>
        ConfigBuilder.Clean()
            .AddKey("chat id", KeyGenerations.Curve25519, "chat.pem")
            .AddOverlay(new OverlayDefinition
            {
                Name = "Chat",
                Class = "ChatCommunity",
                Key = "chat id",
                Walkers =
                [
                    ConfigBuilder.Walker("RandomWalk", 30, new Dictionary<string, object?> { ["timeout"] = 1.5 }),
                    ConfigBuilder.Walker("EdgeWalk", -1),
                ],
                Bootstrappers =
                [
                    ConfigBuilder.Bootstrapper("DispersyBootstrapper", new Dictionary<string, object?>
                    {
                        ["ip_addresses"] = new[] { new object[] { "127.0.0.1", 6421 } },
                        ["bootstrap_timeout"] = 5.0,
                    }),
                ],
                Initialize = SettingsMap.FromObjects(new Dictionary<string, object?> { ["max_peers"] = 30, ["anonymize"] = false }),
                OnStart = [new OnStartCall("greet", [ConfigValue.FromString("hello"), ConfigValue.FromNumber(2)])],
                After = ["DiscoveryCommunity"],
                Conditions = ["AlwaysTrue"],
                Origin = Origin.Builder,
            })
            .Build().Overlays.Single();

    private static OverlayDefinition FromYaml() =>
        new ConfigurationLoader(TestFiles.NoEnvironment).Load(TestFiles.Resource("chat.yaml")).Overlays.Single();

    private static OverlayDefinition FromJson() =>
        new ConfigurationLoader(TestFiles.NoEnvironment).Load(TestFiles.Resource("chat.json")).Overlays.Single();

    [Test]
    public void Attributes_AndConfigBuilder_AreEqual() => Assert.That(FromAttributes(), Is.EqualTo(FromBuilder()));

    [Test]
    public void Attributes_AndYaml_AreEqual() => Assert.That(FromAttributes(), Is.EqualTo(FromYaml()));

    [Test]
    public void Attributes_AndJson_AreEqual() => Assert.That(FromAttributes(), Is.EqualTo(FromJson()));

    [Test]
    public void ConfigBuilder_AndYaml_AreEqual() => Assert.That(FromBuilder(), Is.EqualTo(FromYaml()));

    [Test]
    public void ConfigBuilder_AndJson_AreEqual() => Assert.That(FromBuilder(), Is.EqualTo(FromJson()));

    [Test]
    public void Yaml_AndJson_AreEqual() => Assert.That(FromYaml(), Is.EqualTo(FromJson()));

    [Test]
    public void Equality_DifferentSetting_IsNotEqual() =>
        Assert.That(FromYaml() with { Initialize = SettingsMap.Empty }, Is.Not.EqualTo(FromJson()));

    [Test]
    public void Origins_DifferPerFrontDoor_AndNameTheirSource()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FromAttributes().Origin.ToString(), Is.EqualTo("attribute [Overlay] on ChatLauncher"));
            Assert.That(FromAttributes().Walkers[0].Origin.ToString(), Is.EqualTo("attribute [WalkStrategy] on ChatLauncher"));
            Assert.That(FromBuilder().Origin.ToString(), Is.EqualTo("ConfigBuilder"));
            Assert.That(FromYaml().Origin.ToString(), Does.EndWith("chat.yaml:7:5"));
            Assert.That(FromYaml().Walkers[1].Origin.ToString(), Does.EndWith("chat.yaml:14:9"));
            Assert.That(FromJson().Origin.ToString(), Does.EndWith("chat.json:5:5"));
        });
    }
}
