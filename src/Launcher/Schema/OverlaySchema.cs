using System.Text.Json;
using Json.Schema;
using Launcher.Configuration;

namespace Launcher.Schema;

/// <summary>
/// The configuration schema (<c>schemas/overlays.schema.json</c>, embedded in this assembly) evaluated by
/// JsonSchema.Net (all of JSON Schema draft 2020-12). <see cref="Validate"/> runs before any value is bound and
/// reports every violation with the node's file:line:column and setting path. Instances are immutable and
/// safe to share between threads.
/// </summary>
internal sealed class OverlaySchema
{
    /// <summary>The manifest name of the embedded schema.</summary>
    public const string ResourceName = "Launcher.overlays.schema.json";

    // Built once per process on first use; immutable afterwards.
    private static readonly Lazy<OverlaySchema> EmbeddedSchema = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly JsonSchema _schema;

    private OverlaySchema(JsonElement root)
    {
        Root = root;

        // A registry of its own: the global one rejects a second schema with the same $id (tests build several),
        // and nothing outside this instance should be able to change what a $ref resolves to.
        _schema = JsonSchema.Build(root, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    /// <summary>The schema embedded in this assembly, built once per process.</summary>
    public static OverlaySchema Embedded => EmbeddedSchema.Value;

    /// <summary>The schema document (not backed by a pooled buffer: nothing to dispose).</summary>
    public JsonElement Root { get; }

    /// <summary>Builds a new instance from the embedded schema (prefer <see cref="Embedded"/>).</summary>
    /// <exception cref="InvalidOperationException">The resource is missing.</exception>
    /// <exception cref="JsonSchemaException">The schema is not a valid JSON Schema.</exception>
    public static OverlaySchema LoadEmbedded()
    {
        using var stream = typeof(OverlaySchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var document = JsonDocument.Parse(stream);
        return new OverlaySchema(document.RootElement.Clone());
    }

    /// <summary>Builds a schema from JSON text (tests).</summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    /// <exception cref="JsonSchemaException">The schema is not a valid JSON Schema.</exception>
    public static OverlaySchema Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new OverlaySchema(document.RootElement.Clone());
    }

    /// <summary>Validates a node tree, adding every violation (sorted by position) to <paramref name="errors"/>.</summary>
    /// <param name="root">The parsed configuration.</param>
    /// <param name="errors">Receives the problems.</param>
    public void Validate(ConfigNode root, ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(errors);
        SchemaInstance instance;
        try
        {
            instance = SchemaInstance.From(root);
        }
        catch (InvalidDataException ex)
        {
            errors.Add(root.Origin, "", ex.Message);
            return;
        }

        // Hierarchical output keeps every failed keyword with its instance location (not only the first failure)
        // and shows which results are the branches of an anyOf/oneOf.
        var results = _schema.Evaluate(instance.Element, new EvaluationOptions
        {
            OutputFormat = OutputFormat.Hierarchical,
            Culture = System.Globalization.CultureInfo.InvariantCulture,
        });
        if (results.IsValid && instance.NonFinite.Count == 0)
        {
            return;
        }

        errors.AddRange(new SchemaErrorReporter(Root, instance).Describe(results));
    }
}
