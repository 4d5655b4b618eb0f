using System.Text.Json;
using Launcher.Configuration;
using Launcher.Schema;

namespace Launcher.Tests.Schema;

public sealed class SchemaCodeSyncTests
{
    private static JsonElement SchemaObject(JsonElement root, string definition) => definition switch
    {
        "#" => root,
        "logger" or "tracker" => root.GetProperty("properties").GetProperty(definition),
        _ => root.GetProperty("$defs").GetProperty(definition),
    };

    public static IEnumerable<TestCaseData> Binders() =>
        ConfigurationBinder.All.Select(b => new TestCaseData(b.SchemaDefinition, b.Keys.ToList()).SetArgDisplayNames(b.SchemaDefinition));

    [TestCaseSource(nameof(Binders))]
    public void Schema_PropertiesOfEachObject_EqualTheKeysTheCodeBinds(string definition, List<string> boundKeys)
    {
        var schema = OverlaySchema.Embedded.Root;
        var properties = SchemaObject(schema, definition).GetProperty("properties").EnumerateObject().Select(p => p.Name);
        Assert.That(boundKeys.Order(StringComparer.Ordinal), Is.EqualTo(properties.Order(StringComparer.Ordinal)));
    }

    [Test]
    public void Schema_EveryObjectWeOwn_ForbidsUnknownKeys()
    {
        var schema = OverlaySchema.Embedded.Root;
        foreach (var (definition, _) in ConfigurationBinder.All)
        {
            Assert.That(SchemaObject(schema, definition).GetProperty("additionalProperties").GetBoolean(), Is.False, definition);
        }
    }

    [Test]
    public void Schema_FileInRepository_IsTheEmbeddedOne()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "schemas", "overlays.schema.json")))
        {
            directory = directory.Parent;
        }

        Assert.That(directory, Is.Not.Null, "schemas/overlays.schema.json not found above the test directory");
        var embedded = OverlaySchema.Embedded.Root;
        using var onDisk = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory!.FullName, "schemas", "overlays.schema.json")));
        Assert.That(JsonElement.DeepEquals(embedded, onDisk.RootElement), Is.True);
    }

    [Test]
    public void Validator_KeywordOutsideTheOldSubset_IsEvaluated()
    {
        var schema = OverlaySchema.Parse("""{"type": "object", "properties": {"a": {"allOf": [{"type": "integer"}, {"minimum": 3}]}}}""");
        var errors = new ErrorList();
        schema.Validate(ConfigurationWriter.ToNode(Launcher.Definitions.ConfigValue.FromJson(JsonDocument.Parse("""{"a": 2}""").RootElement), Launcher.Definitions.Origin.Builder), errors);
        Assert.That(errors.Errors.Select(e => $"{e.Path}: {e.Message}"), Is.EqualTo(new[] { "a: must be >= 3, got 2" }));
    }

    [Test]
    public void Parse_InvalidSchema_Throws() =>
        Assert.That(() => OverlaySchema.Parse("""{"type": 5}"""), Throws.InstanceOf<Json.Schema.JsonSchemaException>());

    [Test]
    public void Validator_AnyOfAndConst_ReportWhenNoBranchMatches()
    {
        var schema = OverlaySchema.Parse("""{"anyOf": [{"const": 1}, {"type": "string", "minLength": 3}]}""");
        var errors = new ErrorList();
        schema.Validate(ConfigurationWriter.ToNode(Launcher.Definitions.ConfigValue.FromString("ab"), Launcher.Definitions.Origin.Builder), errors);
        Assert.That(errors.Errors.Single().Message, Does.StartWith("does not match any allowed form"));
    }
}
