using System.Buffers;
using System.Text.Json;
using Launcher.Configuration;
using Launcher.Definitions;

namespace Launcher.Schema;

/// <summary>
/// A <see cref="ConfigNode"/> tree as the JSON instance the schema evaluates, plus the way back from an
/// instance location (a JSON Pointer such as <c>/overlays/0/walkers/1/peers</c>) to the node, its position
/// and its setting path (<c>overlays[0].walkers[1].peers</c>).
/// </summary>
/// <remarks>
/// JSON has no NaN or infinity, which YAML can write (<c>.inf</c>, <c>.nan</c>): such numbers are written as
/// <c>null</c> and listed in <see cref="NonFinite"/>, so the caller reports them once and ignores whatever the
/// schema says about the stand-in.
/// </remarks>
internal sealed class SchemaInstance
{
    private readonly ConfigNode _root;

    private SchemaInstance(ConfigNode root, JsonElement element, IReadOnlyList<string> nonFinite)
    {
        _root = root;
        Element = element;
        NonFinite = nonFinite;
    }

    /// <summary>The instance to evaluate (independent of any pooled buffer).</summary>
    public JsonElement Element { get; }

    /// <summary>JSON Pointers of the numbers that are NaN or infinite.</summary>
    public IReadOnlyList<string> NonFinite { get; }

    /// <summary>Deepest nesting accepted (the schema evaluator recurses per level).</summary>
    public const int MaxDepth = 256;

    /// <summary>Converts a node tree.</summary>
    /// <exception cref="InvalidDataException">The tree is nested deeper than <see cref="MaxDepth"/>.</exception>
    public static SchemaInstance From(ConfigNode root)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var nonFinite = new List<string>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { MaxDepth = MaxDepth + 1 }))
        {
            Write(writer, root, "", 0, nonFinite);
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        return new SchemaInstance(root, JsonElement.ParseValue(ref reader), nonFinite);
    }

    /// <summary>Finds the node an instance location points at.</summary>
    /// <param name="pointer">A JSON Pointer into <see cref="Element"/>.</param>
    /// <returns>The node, its setting path, and the property holding it when its parent is an object (null for the root and array items).</returns>
    public (ConfigNode Node, string Path, ConfigProperty? Property) Locate(string pointer)
    {
        var node = _root;
        var path = "";
        ConfigProperty? property = null;
        foreach (var segment in Segments(pointer))
        {
            if (node.Kind == ConfigValueKind.Array && int.TryParse(segment, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
                && index < node.Items.Count)
            {
                node = node.Items[index];
                path = ConfigNode.Child(path, index);
                property = null;
            }
            else if (node.Kind == ConfigValueKind.Object && node.Properties.Find(p => p.Name == segment) is { } child)
            {
                node = child.Value;
                path = ConfigNode.Child(path, segment);
                property = child;
            }
            else
            {
                // The schema only reports locations that exist in the instance; stop at the deepest known node.
                break;
            }
        }

        return (node, path, property);
    }

    /// <summary>Splits a JSON Pointer into its unescaped reference tokens (RFC 6901).</summary>
    public static IEnumerable<string> Segments(string pointer)
    {
        if (pointer.Length == 0)
        {
            yield break;
        }

        foreach (var token in pointer[1..].Split('/'))
        {
            yield return token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        }
    }

    private static string Escape(string token) =>
        token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static void Write(Utf8JsonWriter writer, ConfigNode node, string pointer, int depth, List<string> nonFinite)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException($"the document is nested more than {MaxDepth} levels deep");
        }

        switch (node.Kind)
        {
            case ConfigValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in node.Properties)
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value, pointer + "/" + Escape(property.Name), depth + 1, nonFinite);
                }

                writer.WriteEndObject();
                break;
            case ConfigValueKind.Array:
                writer.WriteStartArray();
                for (var i = 0; i < node.Items.Count; i++)
                {
                    Write(writer, node.Items[i], pointer + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), depth + 1, nonFinite);
                }

                writer.WriteEndArray();
                break;
            case ConfigValueKind.String:
                writer.WriteStringValue(node.String);
                break;
            case ConfigValueKind.Boolean:
                writer.WriteBooleanValue(node.Boolean);
                break;
            case ConfigValueKind.Number when double.IsFinite(node.Number):
                writer.WriteNumberValue(node.Number);
                break;
            case ConfigValueKind.Number:
                nonFinite.Add(pointer);
                writer.WriteNullValue();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
