using Launcher.Configuration;
using Launcher.Definitions;
using Launcher.Launching;
using Launcher.Tests.Support;

namespace Launcher.Tests.Launching;

/// <summary>
/// py-ipv8's rule, "the overlays list is the whole set": launcher classes contribute only when a configuration names
/// them, when they are [AutoLaunch], or when no configuration lists overlays; an overlay without a key takes the only key.
/// </summary>
public sealed class LauncherSelectionTests
{
    private const string OneKey = "keys:\n  - alias: my id\n    generation: curve25519\n    ephemeral: true\n";
    private const string Generic = "  - name: Mine\n    class: ChatCommunity\n";

    private string _directory = "";

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), $"launcher-selection-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Build_FileListsOwnOverlayUnderOwnKey_UnnamedLaunchersDoNotRunAndNeedNoKey()
    {
        var model = Build(OneKey + "overlays:\n" + Generic, typeof(ChatLauncher));
        Assert.Multiple(() =>
        {
            Assert.That(model.Plan.Order.Select(o => o.Name), Is.EqualTo(new[] { "Mine" }));
            Assert.That(model.Plan.Order[0].Key, Is.EqualTo("my id"), "the only key");
            var chat = model.Merged.Launchers.Single(c => c.LauncherType == typeof(ChatLauncher));
            Assert.That(chat.Contributes, Is.False);
            Assert.That(chat.Reason, Does.StartWith("not named by the overlays of ").And.EndWith("(add '- launcher: ChatLauncher' to run it)"));
            Assert.That(model.Plan.Render(), Does.Contain("- ChatLauncher (overlay Chat, Launcher.Tests): not used: not named by the overlays of"));
        });
    }

    [Test]
    public void Build_LauncherEntry_UsesDeclarationWithSettingsGivenBesideIt()
    {
        var yaml = "keys:\n  - alias: chat id\n  - alias: other\noverlays:\n  - launcher: ChatLauncher\n    initialize: { max_peers: 7 }\n";
        var model = Build(yaml, typeof(ChatLauncher));
        var chat = model.Configuration.Overlays.Single();
        Assert.Multiple(() =>
        {
            Assert.That(chat.Name, Is.EqualTo("Chat"), "the launcher's [Name]");
            Assert.That(chat.Class, Is.EqualTo("ChatCommunity"));
            Assert.That(chat.Key, Is.EqualTo("chat id"), "the launcher's own key");
            Assert.That(chat.Walkers.Select(w => w.Strategy), Is.EqualTo(new[] { "RandomWalk", "EdgeWalk" }), "walkers from the attributes");
            Assert.That(chat.Initialize.Count, Is.EqualTo(1), "initialize given beside 'launcher' replaces the launcher's settings");
            Assert.That(chat.Initialize["max_peers"].AsNumber(), Is.EqualTo(7));
            Assert.That(chat.Origin.Line, Is.EqualTo(5), "the entry's position in the file");
            Assert.That(model.Merged.Launchers.Single(c => c.LauncherType == typeof(ChatLauncher)).Reason, Does.StartWith("named at ").And.EndWith("(launcher: ChatLauncher)"));
        });
    }

    [TestCase("Chat")]
    [TestCase("ChatLauncher")]
    public void Build_LauncherEntry_FoundByClassNameOrOverlayName(string name)
    {
        var model = Build($"keys:\n  - alias: chat id\noverlays:\n  - launcher: {name}\n    key: chat id\n", typeof(ChatLauncher));
        Assert.That(model.Plan.Order.Select(o => o.Name), Is.EqualTo(new[] { "Chat" }));
    }

    [Test]
    public void Build_UnknownLauncherEntry_ErrorWithSuggestionAndPosition()
    {
        var path = Write("overlays.yaml", OneKey + "overlays:\n  - launcher: ChatLauncehr\n");
        var ex = Assert.Throws<ConfigurationException>(() => Builder(typeof(ChatLauncher)).AddFile(path).Build())!;
        Assert.That(ex.Errors.Single().ToString(), Does.StartWith($"{path}:6:5: overlays.ChatLauncehr.launcher: unknown launcher 'ChatLauncehr'; did you mean 'ChatLauncher'?"));
    }

    [Test]
    public void Build_LauncherEntryWithClass_ErrorSaysClassComesFromLauncher()
    {
        var path = Write("overlays.yaml", "keys:\n  - alias: chat id\noverlays:\n  - launcher: ChatLauncher\n    class: DiscoveryCommunity\n");
        var ex = Assert.Throws<ConfigurationException>(() => Builder(typeof(ChatLauncher)).AddFile(path).Build())!;
        Assert.That(ex.Errors.Select(e => e.ToString()), Has.One.EndsWith("overlays.ChatLauncher.class: 'class' comes from launcher ChatLauncher; remove it, or write a complete definition without 'launcher'"));
    }

    [Test]
    public void Build_EntryWithLaunchersOverlayName_ReplacesDeclarationAndNamesLauncher()
    {
        var model = Build("keys:\n  - alias: chat id\noverlays:\n  - name: Chat\n    class: ChatCommunity\n", typeof(ChatLauncher));
        Assert.Multiple(() =>
        {
            Assert.That(model.Configuration.Overlays.Single().Walkers, Is.Empty, "the file's definition, not the attributes'");
            Assert.That(model.Merged.Replaced["Chat"].Single().Origin.ToString(), Is.EqualTo("attribute [Overlay] on ChatLauncher"));
            Assert.That(model.Merged.Launchers.Single(c => c.LauncherType == typeof(ChatLauncher)).Reason, Does.StartWith("its overlay name 'Chat' is declared at "));
        });
    }

    [Test]
    public void Build_AutoLaunchLauncher_RunsBesideTheFilesList()
    {
        var model = Build(OneKey + "overlays:\n" + Generic, typeof(ChatLauncher), typeof(DropInLauncher));
        Assert.Multiple(() =>
        {
            Assert.That(model.Plan.Order.Select(o => o.Name), Is.EqualTo(new[] { "DropIn", "Mine" }));
            Assert.That(model.Merged.Launchers.Single(c => c.LauncherType == typeof(DropInLauncher)).Reason, Is.EqualTo("[AutoLaunch]"));
        });
    }

    [Test]
    public void Build_AutoLaunchLauncherDisabledByFile_DoesNotLaunch()
    {
        var model = Build(OneKey + "overlays:\n  - name: DropIn\n    class: ChatCommunity\n    enabled: false\n", typeof(DropInLauncher));
        Assert.That(model.Plan.Order, Is.Empty);
    }

    [Test]
    public void Build_FileWithoutOverlaysSection_EveryLauncherRuns()
    {
        var model = Build("keys:\n  - alias: chat id\n", typeof(ChatLauncher));
        Assert.Multiple(() =>
        {
            Assert.That(model.Plan.Order.Select(o => o.Name), Is.EqualTo(new[] { "Chat" }));
            Assert.That(model.Merged.Launchers.Single().Reason, Does.StartWith("no configuration lists overlays"));
        });
    }

    [Test]
    public void Build_NoConfigurationAtAll_EveryLauncherRunsOnTheDefaultKey()
    {
        var model = Builder(typeof(DropInLauncher)).Build();
        Assert.That(model.Plan.Order.Select(o => (o.Name, o.Key)), Is.EqualTo(new[] { ("DropIn", (string?)KeyDefinition.DefaultAlias) }));
    }

    [Test]
    public void Build_OverlayWithoutKeyAndTwoKeys_ErrorNamesTheAliases()
    {
        var path = Write("overlays.yaml", "keys:\n  - alias: b id\n  - alias: a id\noverlays:\n" + Generic);
        var ex = Assert.Throws<ConfigurationException>(() => Builder().AddFile(path).Build())!;
        Assert.That(ex.Errors.Single().ToString(), Is.EqualTo($"{path}:5:5: overlays.Mine.key: no key given and the configuration has 2 keys; choose one with 'key': a id, b id"));
    }

    [Test]
    public void Build_ConfigBuilderAddLauncher_ResolvesLikeAFileEntry()
    {
        var configuration = ConfigBuilder.Clean().AddKey("chat id").AddLauncher<ChatLauncher>().Build();
        var fromBuilder = TestCatalog.ModelBuilder().AddTypes(typeof(ChatLauncher))
            .AddConfiguration(configuration).Build();
        var fromFile = Build("keys:\n  - alias: chat id\noverlays:\n  - launcher: ChatLauncher\n", typeof(ChatLauncher));
        Assert.Multiple(() =>
        {
            Assert.That(fromBuilder.Configuration.Overlays, Is.EqualTo(fromFile.Configuration.Overlays));
            Assert.That(ConfigurationWriter.ToJson(configuration), Does.Contain("{\"launcher\":\"ChatLauncher\"}"));
        });
    }

    private LauncherModel Build(string yaml, params Type[] launchers) =>
        Builder(launchers).AddFile(Write("overlays.yaml", yaml)).Build();

    private LauncherModelBuilder Builder(params Type[] launchers) =>
        TestCatalog.ModelBuilder().AddTypes(launchers);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
