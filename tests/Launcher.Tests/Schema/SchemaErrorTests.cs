using System.Text;
using Launcher.Configuration;
using Launcher.Schema;
using Launcher.Tests.Support;

namespace Launcher.Tests.Schema;

/// <summary>
/// One schema violation of each kind, in YAML and JSON files, reported by JsonSchema.Net through
/// <see cref="OverlaySchema"/> with the offending value's file:line:column and setting path.
/// </summary>
public sealed class SchemaErrorTests
{
    private static List<string> Errors(string fileName, string text)
    {
        TestFiles.LoadOrErrors(fileName, text, out var errors);
        return [.. errors.Errors.Select(e => e.ToString())];
    }

    /// <summary>Validates YAML against a schema given as text (for keywords the configuration schema does not use).</summary>
    private static List<string> Errors(string schemaJson, string fileName, string yaml)
    {
        var errors = new ErrorList();
        using var reader = new StringReader(yaml);
        var root = YamlNodeReader.Read(fileName, reader, errors);
        Assert.That(root, Is.Not.Null, string.Join("; ", errors.Errors));
        OverlaySchema.Parse(schemaJson).Validate(root!, errors);
        return [.. errors.Errors.Select(e => e.ToString())];
    }

    [Test]
    public void Load_Type_ReportsValuePosition()
    {
        var yaml = "interfaces:\n  - interface: UDPIPv4\n    port: eighty\n";
        Assert.That(Errors("t.yaml", yaml), Is.EqualTo(new[] { "t.yaml:3:11: interfaces[0].port: expected integer, got string" }));
    }

    [Test]
    public void Load_Enum_ReportsValueSuggestionAndAllowed()
    {
        var yaml = "logger:\n  level: DEBGU\n";
        Assert.That(Errors("t.yaml", yaml), Is.EqualTo(new[]
        {
            "t.yaml:2:10: logger.level: \"DEBGU\" is not allowed; did you mean \"DEBUG\"? allowed: \"CRITICAL\", \"ERROR\", \"WARNING\", \"INFO\", \"DEBUG\", \"NOTSET\"",
        }));
    }

    [Test]
    public void Load_Minimum_ReportsBoundAndValue()
    {
        Assert.That(Errors("t.yaml", "walker_interval: 0.5\ninstances: 0\n"), Is.EqualTo(new[] { "t.yaml:2:12: instances: must be >= 1, got 0" }));
    }

    [Test]
    public void Load_Maximum_ReportsBoundAndValue()
    {
        var yaml = "tracker:\n  port: 70000\n";
        Assert.That(Errors("t.yaml", yaml), Is.EqualTo(new[] { "t.yaml:2:9: tracker.port: must be <= 65535, got 70000" }));
    }

    [Test]
    public void Load_ExclusiveMinimum_ReportsBoundAndValue()
    {
        var yaml = "overlays:\n  - class: ChatCommunity\n    initialize:\n      trust:\n        challenge_timeout: 0\n";
        Assert.That(Errors("t.yaml", yaml), Is.EqualTo(new[] { "t.yaml:5:28: overlays[0].initialize.trust.challenge_timeout: must be > 0, got 0" }));
    }

    [Test]
    public void Load_Required_ReportsTheObjectPosition()
    {
        var yaml = "overlays:\n  - class: ChatCommunity\n    walkers:\n      - peers: 3\n";
        Assert.That(Errors("t.yaml", yaml), Is.EqualTo(new[] { "t.yaml:4:9: overlays[0].walkers[0]: missing required setting 'strategy'" }));
    }

    [Test]
    public void Load_OverlayWithoutClassOrLauncher_NamesBothAlternatives()
    {
        var yaml = "overlays:\n  - name: Chat\n";
        Assert.That(Errors("t.yaml", yaml), Is.EqualTo(new[] { "t.yaml:2:5: overlays[0]: missing required setting 'class' or 'launcher'" }));
    }

    [Test]
    public void Load_UnknownProperty_ReportsTheKeyPositionAndSuggestion()
    {
        var errors = Errors("t.yaml", "overlays:\n  - class: ChatCommunity\n    bootstrappers:\n      - clas: DispersyBootstrapper\n");
        Assert.That(errors, Is.EqualTo(new[]
        {
            "t.yaml:4:9: overlays[0].bootstrappers[0]: missing required setting 'class'",
            "t.yaml:4:9: overlays[0].bootstrappers[0].clas: unknown setting 'clas'; did you mean 'class'? allowed: class, init",
        }));
    }

    [Test]
    public void Load_Pattern_ReportsValueAndPattern()
    {
        var yaml = "overlays:\n  - class: ChatCommunity\n    community_id: not-hex\n";
        Assert.That(Errors("t.yaml", yaml), Is.EqualTo(new[] { "t.yaml:3:19: overlays[0].community_id: \"not-hex\" does not match the pattern ^[0-9A-Fa-f]{40}$" }));
    }

    [Test]
    public void Load_PatternThroughRef_ReportsValuePosition()
    {
        var yaml = "overlays:\n  - class: ChatCommunity\n    after: [Good, \"bad name\"]\n";
        Assert.That(Errors("t.yaml", yaml), Is.EqualTo(new[] { "t.yaml:3:19: overlays[0].after[1]: \"bad name\" does not match the pattern ^[A-Za-z_][A-Za-z0-9_.\\-]*$" }));
    }

    [Test]
    public void Load_MinItems_ReportsCount()
    {
        var yaml = "overlays:\n  - class: ChatCommunity\n    on_start:\n      - []\n";
        Assert.That(Errors("t.yaml", yaml), Is.EqualTo(new[] { "t.yaml:4:9: overlays[0].on_start[0]: expected at least 1 item(s), got 0" }));
    }

    [Test]
    public void Load_NonFiniteNumber_IsReportedOnce()
    {
        Assert.That(Errors("t.yaml", "walker_interval: .inf\n"), Is.EqualTo(new[] { "t.yaml:1:18: walker_interval: must be a finite number" }));
    }

    [Test]
    public void Load_ErrorsInJson_ReportLineAndColumnFromTheJsonReader()
    {
        var json = "{\n  \"instances\": 1001,\n  \"overlays\": [\n    {\"class\": \"ChatCommunity\", \"enabeld\": false}\n  ]\n}\n";
        Assert.That(Errors("t.json", json), Is.EqualTo(new[]
        {
            "t.json:2:16: instances: must be <= 1000, got 1001",
            "t.json:4:32: overlays[0].enabeld: unknown setting 'enabeld'; did you mean 'enabled'? allowed: class, launcher, key, walkers, bootstrappers, initialize, on_start, name, after, conditions, enabled, community_id",
        }));
    }

    [Test]
    public void Load_SeveralErrors_AreAllReportedInPositionOrder()
    {
        var yaml = new StringBuilder()
            .Append("walker_interval: fast\n")
            .Append("interfaces:\n")
            .Append("  - interface: UDPIPv5\n")
            .Append("    port: -1\n")
            .Append("overlays:\n")
            .Append("  - class: ChatCommunity\n")
            .Append("    walkers:\n")
            .Append("      - strategy: RandomWalk\n")
            .Append("        peers: -2\n")
            .Append("        speed: 3\n")
            .ToString();
        Assert.That(Errors("t.yaml", yaml), Is.EqualTo(new[]
        {
            "t.yaml:1:18: walker_interval: expected number, got string",
            "t.yaml:3:16: interfaces[0].interface: \"UDPIPv5\" is not allowed; did you mean \"UDPIPv4\"? allowed: \"UDPIPv4\", \"UDPIPv6\"",
            "t.yaml:4:11: interfaces[0].port: must be >= 0, got -1",
            "t.yaml:9:16: overlays[0].walkers[0].peers: must be >= -1, got -2",
            "t.yaml:10:9: overlays[0].walkers[0].speed: unknown setting 'speed' allowed: strategy, peers, init",
        }));
    }

    [Test]
    public void Validate_AnyOfWithNoMatchingBranch_NamesTheClosestBranchOnce()
    {
        const string schema = """
            {"type": "object", "properties": {"retry": {"anyOf": [
              {"type": "integer", "minimum": 0},
              {"type": "object", "additionalProperties": false, "required": ["count"],
               "properties": {"count": {"type": "integer", "minimum": 1}, "delay": {"type": "number"}}}
            ]}}}
            """;
        var yaml = "retry:\n  count: 0\n  delay: 1.5\n";
        Assert.That(Errors(schema, "r.yaml", yaml), Is.EqualTo(new[] { "r.yaml:2:3: retry: does not match any allowed form (closest: count: must be >= 1, got 0)" }));
    }

    [Test]
    public void Validate_OneOfWithTwoMatchingBranches_SaysSo()
    {
        const string schema = """{"properties": {"size": {"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 0}]}}}""";
        Assert.That(Errors(schema, "r.yaml", "size: 4\n"), Is.EqualTo(new[] { "r.yaml:1:7: size: matches more than one allowed form" }));
    }

    [Test]
    public void Validate_OneOfInsideArrayItems_ReportsEachFailingItem()
    {
        const string schema = """{"properties": {"items": {"type": "array", "items": {"oneOf": [{"type": "string", "pattern": "^[a-z]+$"}, {"type": "integer"}]}}}}""";
        var yaml = "items:\n  - ok\n  - 3\n  - Not Ok\n  - true\n";
        Assert.That(Errors(schema, "r.yaml", yaml), Is.EqualTo(new[]
        {
            "r.yaml:4:5: items[2]: does not match any allowed form (closest: \"Not Ok\" does not match the pattern ^[a-z]+$)",
            "r.yaml:5:5: items[3]: does not match any allowed form (closest: expected string, got boolean)",
        }));
    }

    [Test]
    public void Load_UnknownKeyWithPointerCharacters_IsLocated()
    {
        var yaml = "logger:\n  level: INFO\n  \"a/b~c d\u00e9\": 1\n";
        Assert.That(Errors("t.yaml", yaml), Is.EqualTo(new[] { "t.yaml:3:3: logger.a/b~c d\u00e9: unknown setting 'a/b~c d\u00e9' allowed: level" }));
    }

    [Test]
    public void Load_DeeplyNestedValue_FailsCleanly()
    {
        var depth = SchemaInstance.MaxDepth + 10;
        var yaml = "overlays:\n  - class: ChatCommunity\n    initialize:\n      deep: " + new string('[', depth) + new string(']', depth) + "\n";
        Assert.That(Errors("t.yaml", yaml), Has.One.Contains($"nested more than {SchemaInstance.MaxDepth} levels deep"));
    }
}
