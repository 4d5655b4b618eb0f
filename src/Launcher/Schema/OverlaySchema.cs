using System.Text.Json;
using Launcher.Configuration;

namespace Launcher.Schema;

/// <summary>
/// The configuration schema (<c>schemas/overlays.schema.json</c>, embedded in this assembly) and its
/// validator. The schema is the single description of the file format; <see cref="Validate"/> runs before
/// any value is bound.
/// </summary>
internal sealed class OverlaySchema
{
    /// <summary>The manifest name of the embedded schema.</summary>
    public const string ResourceName = "Launcher.overlays.schema.json";

    private OverlaySchema(JsonDocument document)
    {
        Document = document;
        Validator = new JsonSchemaValidator(document.RootElement);
    }

    /// <summary>The parsed schema document.</summary>
    public JsonDocument Document { get; }

    public JsonSchemaValidator Validator { get; }

    /// <summary>The schema embedded in this assembly (parsed once per process would be static state: callers keep the instance).</summary>
    public static OverlaySchema LoadEmbedded()
    {
        using var stream = typeof(OverlaySchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        return new OverlaySchema(JsonDocument.Parse(stream));
    }

    /// <summary>Loads a schema from JSON text (tests).</summary>
    public static OverlaySchema Parse(string json) => new(JsonDocument.Parse(json));

    public void Validate(ConfigNode root, ErrorList errors) => Validator.Validate(root, errors);
}
