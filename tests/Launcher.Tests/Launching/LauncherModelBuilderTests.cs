using Launcher.Catalog;
using Launcher.Configuration;
using Launcher.Launching;
using Launcher.Tests.Support;

namespace Launcher.Tests.Launching;

public sealed class LauncherModelBuilderTests
{
    private string _directory = "";

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), $"launcher-model-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private LauncherModelBuilder Builder() =>
        TestCatalog.ModelBuilder();

    [Test]
    public void Build_AttributeLauncherAndFile_FileWinsAndPlanOrders()
    {
        var file = Write("overlays.yaml",
            "keys:\n  - alias: chat id\n  - alias: anonymous id\noverlays:\n  - class: DiscoveryCommunity\n    key: anonymous id\n  - name: Chat\n    class: ChatCommunity\n    key: chat id\n    initialize: { max_peers: 5 }\n    after: [DiscoveryCommunity]\n");
        var model = Builder().AddTypes(typeof(ChatLauncher)).AddFile(file).Build();
        var chat = model.Configuration.Overlays.Single(o => o.Name == "Chat");
        Assert.Multiple(() =>
        {
            Assert.That(chat.Initialize["max_peers"].AsNumber(), Is.EqualTo(5));
            Assert.That(chat.Origin.File, Is.EqualTo(file));
            Assert.That(model.Merged.Replaced["Chat"].Single().Origin.ToString(), Is.EqualTo("attribute [Overlay] on ChatLauncher"));
            Assert.That(model.Plan.Order.Select(o => o.Name), Is.EqualTo(new[] { "DiscoveryCommunity", "Chat" }));
            Assert.That(model.Plan.Render(), Does.Contain("overrides the definition from attribute [Overlay] on ChatLauncher"));
        });
    }

    [Test]
    public void Build_AttributeLauncherAlone_NeedsItsKeyAlias()
    {
        var ex = Assert.Throws<ConfigurationException>(() => Builder().AddTypes(typeof(ChatLauncher)).AddConfiguration(new ConfigBuilder().ClearOverlays().Build()).Build())!;
        Assert.That(ex.Errors.Single().ToString(), Is.EqualTo("attribute [Overlay] on ChatLauncher: overlays.Chat.key: unknown key alias 'chat id' configured keys: anonymous id"));
    }

    [Test]
    public void Build_BuilderConfiguration_ResolvesAndPlans()
    {
        var configuration = ConfigBuilder.Clean().AddKey("chat id").AddOverlay("DiscoveryCommunity", "chat id", [ConfigBuilder.Walker("RandomWalk")])
            .AddLauncher<ChatLauncher>().Build();
        var model = Builder().AddTypes(typeof(ChatLauncher)).AddConfiguration(configuration).Build();
        Assert.Multiple(() =>
        {
            Assert.That(model.Plan.Order.Select(o => o.Name), Is.EqualTo(new[] { "DiscoveryCommunity", "Chat" }));
            Assert.That(model.Catalog.Resolve(ComponentKind.WalkStrategy, "RandomWalk").Type, Is.EqualTo(typeof(Ipv8.Discovery.RandomWalk)));
        });
    }
}
