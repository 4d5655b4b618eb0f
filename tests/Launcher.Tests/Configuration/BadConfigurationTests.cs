using Launcher.Configuration;
using Launcher.Tests.Support;

namespace Launcher.Tests.Configuration;

public sealed class BadConfigurationTests
{
    private static IReadOnlyList<string> Errors(string fileName, string text)
    {
        TestFiles.LoadOrErrors(fileName, text, out var errors);
        return [.. errors.Errors.Select(e => e.ToString())];
    }

    private static ConfigurationException ModelErrors(string yaml)
    {
        var path = Path.Combine(Path.GetTempPath(), $"launcher-{Guid.NewGuid():N}", "overlays.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
        try
        {
            var builder = TestCatalog.ModelBuilder().AddFile(path);
            return Assert.Throws<ConfigurationException>(() => builder.Build())!;
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Test]
    public void Load_MalformedYaml_ReportsPosition()
    {
        var errors = Errors("overlays.yaml", "overlays:\n  - class: [unclosed\n");
        Assert.That(errors, Has.Count.EqualTo(1).And.One.StartsWith("overlays.yaml:").And.One.Contains("malformed YAML"));
    }

    [Test]
    public void Load_MalformedJson_ReportsLineAndColumn()
    {
        var errors = Errors("overlays.json", "{\n  \"overlays\": [\n    {\"class\": }\n  ]\n}");
        Assert.That(errors, Has.Count.EqualTo(1).And.One.StartsWith("overlays.json:3:").And.One.Contains("malformed JSON"));
    }

    [Test]
    public void Load_WrongType_NamesFileLineColumnAndPath()
    {
        var yaml = "overlays:\n  - class: ChatCommunity\n    walkers:\n      - strategy: RandomWalk\n        peers: many\n";
        Assert.That(Errors("overlays.yaml", yaml), Is.EqualTo(new[] { "overlays.yaml:5:16: overlays[0].walkers[0].peers: expected integer, got string" }));
    }

    [Test]
    public void Load_WrongTypeInJson_NamesLineFromUtf8Reader()
    {
        var json = "{\n  \"walker_interval\": \"fast\"\n}";
        Assert.That(Errors("overlays.json", json), Is.EqualTo(new[] { "overlays.json:2:22: walker_interval: expected number, got string" }));
    }

    [Test]
    public void Load_UnknownKey_SuggestsClosest()
    {
        var errors = Errors("overlays.yaml", "overlays:\n  - class: ChatCommunity\n    walkrs: []\n");
        Assert.That(errors.Single(), Does.StartWith("overlays.yaml:3:5: overlays[0].walkrs: unknown setting 'walkrs'; did you mean 'walkers'?"));
    }

    [Test]
    public void Build_UnknownStrategy_SuggestsClosestAndListsKnown()
    {
        var ex = ModelErrors("overlays:\n  - class: ChatCommunity\n    walkers:\n      - strategy: RandomWalks\n");
        Assert.That(ex.Errors.Single().ToString(), Does.Contain("overlays.yaml:4:9: overlays.ChatCommunity.walkers[0].strategy: unknown walk strategy 'RandomWalks'; did you mean 'RandomWalk'? known: EdgeWalk, PeriodicSimilarity, PingChurn, RandomChurn, RandomWalk"));
    }

    [Test]
    public void Build_UnknownBootstrapper_SuggestsClosest()
    {
        var ex = ModelErrors("overlays:\n  - class: ChatCommunity\n    bootstrappers:\n      - class: DispersyBootstraper\n");
        Assert.That(ex.Errors.Single().Message, Does.StartWith("unknown bootstrapper 'DispersyBootstraper'; did you mean 'DispersyBootstrapper'?"));
    }

    [Test]
    public void Load_MissingKeyAlias_NamesConfiguredKeys()
    {
        var errors = Errors("overlays.yaml", "overlays:\n  - class: ChatCommunity\n    key: my id\n");
        Assert.That(errors.Single(), Is.EqualTo("overlays.yaml:2:5: overlays.ChatCommunity.key: unknown key alias 'my id' configured keys: anonymous id"));
    }

    [Test]
    public void Load_DuplicateOverlayNames_NamesBothPlaces()
    {
        var errors = Errors("overlays.yaml", "overlays:\n  - class: ChatCommunity\n  - class: ChatCommunity\n");
        Assert.That(errors.Single(), Does.StartWith("overlays.yaml:3:5: overlays.ChatCommunity: duplicate overlay name 'ChatCommunity' (also declared at overlays.yaml:2:5)"));
    }

    [Test]
    public void Build_AfterCycle_NamesTheOverlaysInTheCycle()
    {
        var ex = ModelErrors(
            "overlays:\n  - {class: ChatCommunity, name: A, after: [B]}\n  - {class: ChatCommunity, name: B, after: [A]}\n  - {class: ChatCommunity, name: C, after: [B]}\n");
        Assert.That(ex.Errors.Single().Message, Is.EqualTo("launch order cycle detected: A -> B -> A (also blocked: C)"));
    }

    [Test]
    public void Build_IndependentErrors_AreAllReportedTogether()
    {
        var ex = ModelErrors(
            "walker_interval: -1\noverlays:\n  - class: ChatCommunity\n    key: nobody\n    walkers:\n      - strategy: RandomWalk\n        peers: \"20\"\n        speed: 3\n      - strategy: RandomWalkk\n");
        Assert.Multiple(() =>
        {
            Assert.That(ex.Errors, Has.Count.EqualTo(5), ex.Message);
            Assert.That(ex.Message, Does.Contain("walker_interval: must be >= 0"));
            Assert.That(ex.Message, Does.Contain("peers: expected integer, got string"));
            Assert.That(ex.Message, Does.Contain("unknown setting 'speed'"));
            Assert.That(ex.Message, Does.Contain("unknown key alias 'nobody'"));
            Assert.That(ex.Message, Does.Contain("unknown walk strategy 'RandomWalkk'"));
        });
    }

    [Test]
    public void Load_AliasBomb_FailsCleanly()
    {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
        Assert.That(Errors("overlays.yaml", yaml).Single(), Does.Contain("expands to more than"));
    }

    [Test]
    public void Load_UnknownExtension_IsAnError() =>
        Assert.That(Errors("overlays.toml", "x = 1").Single(), Does.Contain("unknown configuration format '.toml'"));
}
