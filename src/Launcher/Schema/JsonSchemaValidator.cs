using System.Text.Json;
using System.Text.RegularExpressions;
using Launcher.Configuration;
using Launcher.Definitions;

namespace Launcher.Schema;

/// <summary>
/// Validates a <see cref="ConfigNode"/> tree against the JSON Schema subset our schema uses: type, properties,
/// required, additionalProperties, enum, const, minimum, maximum, exclusiveMinimum, exclusiveMaximum,
/// minLength, maxLength, pattern, items, prefixItems, minItems, maxItems, oneOf, anyOf and local
/// <c>$ref</c> to <c>#/$defs/...</c>. Annotations are ignored; any other assertion keyword makes the schema
/// itself invalid (so the schema can never silently ask for more than is checked). Every violation is
/// reported, each with the node's position and path.
/// </summary>
internal sealed partial class JsonSchemaValidator
{
    private static readonly HashSet<string> Supported =
    [
        "type", "properties", "required", "additionalProperties", "enum", "const", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern", "items", "prefixItems",
        "minItems", "maxItems", "oneOf", "anyOf", "$ref", "$defs", "$schema", "$id", "title", "description",
        "deprecated", "default", "examples", "markdownDescription", "$comment",
    ];

    private readonly JsonElement _root;
    private readonly Dictionary<string, Regex> _patterns = new(StringComparer.Ordinal);

    public JsonSchemaValidator(JsonElement root)
    {
        _root = root;
        CheckKeywords(root, "#");
    }

    public JsonElement Root => _root;

    public void Validate(ConfigNode node, ErrorList errors) => Validate(node, _root, "", errors);

    /// <summary>Follows <c>$ref</c> chains to the schema that actually constrains.</summary>
    public JsonElement Resolve(JsonElement schema)
    {
        for (var depth = 0; depth < 32 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference); depth++)
        {
            schema = Lookup(reference.GetString()!);
        }

        return schema;
    }

    private JsonElement Lookup(string reference)
    {
        const string prefix = "#/$defs/";
        if (!reference.StartsWith(prefix, StringComparison.Ordinal)
            || !_root.TryGetProperty("$defs", out var defs) || !defs.TryGetProperty(reference[prefix.Length..], out var target))
        {
            throw new InvalidOperationException($"schema: unsupported or dangling $ref '{reference}'");
        }

        return target;
    }

    private static void CheckKeywords(JsonElement schema, string at)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in schema.EnumerateObject())
        {
            if (!Supported.Contains(property.Name))
            {
                throw new InvalidOperationException($"schema: keyword '{property.Name}' at {at} is not supported by the validator");
            }

            switch (property.Name)
            {
                case "properties" or "$defs":
                    foreach (var child in property.Value.EnumerateObject())
                    {
                        CheckKeywords(child.Value, $"{at}/{property.Name}/{child.Name}");
                    }

                    break;
                case "items" or "additionalProperties":
                    CheckKeywords(property.Value, $"{at}/{property.Name}");
                    break;
                case "prefixItems" or "oneOf" or "anyOf":
                    var index = 0;
                    foreach (var child in property.Value.EnumerateArray())
                    {
                        CheckKeywords(child, $"{at}/{property.Name}/{index++}");
                    }

                    break;
            }
        }
    }

    private void Validate(ConfigNode node, JsonElement schema, string path, ErrorList errors)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add(node.Origin, path, "no value is allowed here");
            return;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            Validate(node, Lookup(reference.GetString()!), path, errors);
        }

        if (schema.TryGetProperty("type", out var type) && !MatchesType(node, type))
        {
            errors.Add(node.Origin, path, $"expected {TypeText(type)}, got {node.TypeName}");
            return;
        }

        CheckValue(node, schema, path, errors);
        switch (node.Kind)
        {
            case ConfigValueKind.Object: CheckObject(node, schema, path, errors); break;
            case ConfigValueKind.Array: CheckArray(node, schema, path, errors); break;
            case ConfigValueKind.String: CheckString(node, schema, path, errors); break;
            case ConfigValueKind.Number: CheckNumber(node, schema, path, errors); break;
        }

        CheckAlternatives(node, schema, path, errors);
    }

    private static bool MatchesType(ConfigNode node, JsonElement type) =>
        type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Any(t => MatchesType(node, t.GetString()!))
            : MatchesType(node, type.GetString()!);

    private static bool MatchesType(ConfigNode node, string type) => type switch
    {
        "integer" => node.TypeName == "integer",
        "number" => node.Kind == ConfigValueKind.Number,
        _ => node.Kind.ToString().Equals(type, StringComparison.OrdinalIgnoreCase),
    };

    private static string TypeText(JsonElement type) =>
        type.ValueKind == JsonValueKind.Array ? string.Join(" or ", type.EnumerateArray().Select(t => t.GetString())) : type.GetString()!;

    private static void CheckValue(ConfigNode node, JsonElement schema, string path, ErrorList errors)
    {
        if (schema.TryGetProperty("const", out var constant) && !node.ToValue().Equals(ConfigValue.FromJson(constant)))
        {
            errors.Add(node.Origin, path, $"expected {constant.GetRawText()}, got {Show(node)}");
        }

        if (schema.TryGetProperty("enum", out var options))
        {
            var value = node.ToValue();
            if (!options.EnumerateArray().Any(o => value.Equals(ConfigValue.FromJson(o))))
            {
                var allowed = options.EnumerateArray().Select(o => o.GetRawText()).ToList();
                var closest = node.Kind == ConfigValueKind.String
                    ? NameSuggestions.Closest(node.String, options.EnumerateArray().Where(o => o.ValueKind == JsonValueKind.String).Select(o => o.GetString()!))
                    : null;
                var hint = closest is null ? "" : $"; did you mean \"{closest}\"?";
                errors.Add(node.Origin, path, $"{Show(node)} is not allowed{hint} allowed: {string.Join(", ", allowed)}");
            }
        }
    }

    private static string Show(ConfigNode node) => node.Kind == ConfigValueKind.String ? $"\"{node.String}\"" : node.ToValue().ToJson();
}
