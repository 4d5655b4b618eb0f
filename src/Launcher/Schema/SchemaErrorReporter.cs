using System.Globalization;
using System.Text.Json;
using Json.Schema;
using Launcher.Configuration;
using Launcher.Definitions;

namespace Launcher.Schema;

/// <summary>
/// Turns JsonSchema.Net's evaluation results into <see cref="ConfigurationError"/>s: one per problem, each at
/// the offending node's file:line:column with its setting path and a short message in the configuration's
/// words (<c>must be &gt;= 1, got 0</c>, <c>unknown setting 'walkrs'; did you mean 'walkers'?</c>).
/// A failed <c>anyOf</c>/<c>oneOf</c> becomes one error naming the closest branch's first problem instead of
/// every branch's errors.
/// </summary>
internal sealed class SchemaErrorReporter
{
    private const string MissingRequired = "missing required setting ";
    private static readonly HashSet<string> ShapeKeywords = ["type", "const", "enum", ""];
    private static readonly HashSet<string> SingleSubschemaKeywords =
        ["items", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "contains", "propertyNames", "not", "if", "then", "else", "contentSchema"];

    private readonly JsonElement _schemaRoot;
    private readonly SchemaInstance _instance;

    public SchemaErrorReporter(JsonElement schemaRoot, SchemaInstance instance)
    {
        _schemaRoot = schemaRoot;
        _instance = instance;
    }

    /// <summary>Describes every violation in hierarchical <paramref name="results"/>, ordered by position then path.</summary>
    public IReadOnlyList<ConfigurationError> Describe(EvaluationResults results)
    {
        // A NaN or infinity was evaluated as null: whatever the schema says about the stand-in is replaced by one error.
        var errors = Walk(results).Where(e => !IsNonFinite(e.Pointer)).Select(e => e.Error).ToList();
        foreach (var pointer in _instance.NonFinite)
        {
            var (node, path, _) = _instance.Locate(pointer);
            errors.Add(new ConfigurationError(node.Origin, path, "must be a finite number"));
        }

        return Sorted(errors);
    }

    private bool IsNonFinite(string pointer) =>
        _instance.NonFinite.Any(p => pointer == p || pointer.StartsWith(p + "/", StringComparison.Ordinal));

    private static IReadOnlyList<ConfigurationError> Sorted(IEnumerable<ConfigurationError> errors) =>
        [.. errors.OrderBy(e => e.Origin.Line).ThenBy(e => e.Origin.Column).ThenBy(e => e.Path, StringComparer.Ordinal)];

    /// <summary>The errors of a failed result node and its subschemas, anyOf/oneOf branches summarised.</summary>
    private IEnumerable<(string Pointer, ConfigurationError Error)> Walk(EvaluationResults result)
    {
        if (result.IsValid)
        {
            yield break;
        }

        var location = result.InstanceLocation.ToString();
        var children = result.Details ?? [];
        var evaluationPath = result.EvaluationPath.ToString();
        foreach (var (keyword, message) in result.Errors ?? [])
        {
            // Applicators (properties, items, allOf, ...) that failed because a subschema failed: the subschema's
            // own errors say what is wrong.
            var below = $"{evaluationPath}/{keyword}";
            if (keyword.Length > 0 && children.Any(c => !c.IsValid && IsAtOrBelow(c.EvaluationPath.ToString(), below)))
            {
                continue;
            }

            foreach (var error in Describe(result, keyword, message))
            {
                yield return (location, error);
            }
        }

        var branches = children
            .Select(c => (Result: c, Keyword: BranchKeyword(evaluationPath, c.EvaluationPath.ToString())))
            .Where(b => b.Keyword is not null)
            .ToList();
        foreach (var combinator in branches.GroupBy(b => b.Keyword!))
        {
            var valid = combinator.Count(b => b.Result.IsValid);
            if (combinator.Key == "oneOf" && valid > 1)
            {
                var (node, path, _) = _instance.Locate(location);
                yield return (location, new ConfigurationError(node.Origin, path, "matches more than one allowed form"));
            }
            else if (valid == 0)
            {
                yield return (location, Summarize(location, [.. combinator.Select(b => b.Result)]));
            }
        }

        foreach (var child in children.Where(c => BranchKeyword(evaluationPath, c.EvaluationPath.ToString()) is null))
        {
            foreach (var error in Walk(child))
            {
                yield return error;
            }
        }
    }

    private static bool IsAtOrBelow(string path, string prefix) =>
        path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal);

    /// <summary>"anyOf" or "oneOf" when <paramref name="child"/> is one of <paramref name="parent"/>'s branches, else null.</summary>
    private static string? BranchKeyword(string parent, string child)
    {
        if (!child.StartsWith(parent + "/", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = child[(parent.Length + 1)..].Split('/');
        return rest.Length == 2 && rest[0] is "anyOf" or "oneOf" && int.TryParse(rest[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? rest[0]
            : null;
    }

    /// <summary>One error for a value that matches no branch: the closest branch's first problem.</summary>
    private ConfigurationError Summarize(string location, IReadOnlyList<EvaluationResults> branches)
    {
        var (node, path, _) = _instance.Locate(location);

        var scored = branches
            .Select((b, index) => (Index: index, ShapeMismatch: b.Errors?.Keys.Any(ShapeKeywords.Contains) == true,
                Errors: Sorted(Walk(b).Select(e => e.Error))))
            .Where(b => b.Errors.Count > 0)
            .ToList();

        // "One of these settings is required" (anyOf of required lists, as an overlay's class or launcher): say so plainly.
        if (scored.Count == branches.Count && scored.All(b => b.Errors.Count == 1 && b.Errors[0].Path == path
            && b.Errors[0].Message.StartsWith(MissingRequired, StringComparison.Ordinal)))
        {
            var names = scored.Select(b => b.Errors[0].Message[MissingRequired.Length..]);
            return new ConfigurationError(node.Origin, path, $"{MissingRequired}{string.Join(" or ", names)}");
        }

        // The closest branch: one whose shape (type, const, enum, not false) fits the value, then the fewest problems.
        var closest = scored
            .OrderBy(b => b.ShapeMismatch)
            .ThenBy(b => b.Errors.Count)
            .ThenBy(b => b.Index)
            .FirstOrDefault();
        if (closest.Errors is null)
        {
            return new ConfigurationError(node.Origin, path, "does not match any allowed form");
        }

        var first = closest.Errors[0];
        var where = first.Path == path ? "" : (path.Length > 0 && first.Path.StartsWith(path, StringComparison.Ordinal) ? first.Path[path.Length..].TrimStart('.') : first.Path) + ": ";
        return new ConfigurationError(node.Origin, path, $"does not match any allowed form (closest: {where}{first.Message})");
    }

    private IEnumerable<ConfigurationError> Describe(EvaluationResults result, string keyword, string libraryMessage)
    {
        var (node, path, property) = _instance.Locate(result.InstanceLocation.ToString());
        var (schema, schemaPointer) = Lookup(result.SchemaLocation);
        var value = default(JsonElement);
        var hasValue = schema is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty(keyword, out value);
        switch (keyword)
        {
            case "" when schemaPointer.Count > 0 && schemaPointer[^1] is "additionalProperties" or "unevaluatedProperties":
                yield return new ConfigurationError(property?.KeyOrigin ?? node.Origin, path, UnknownSetting(property?.Name ?? path, Lookup(schemaPointer[..^1])));
                yield break;
            case "":
                yield return new ConfigurationError(node.Origin, path, "no value is allowed here");
                yield break;
            case "required" when hasValue && value.ValueKind == JsonValueKind.Array:
                foreach (var name in value.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!))
                {
                    if (node.Get(name) is null)
                    {
                        yield return new ConfigurationError(node.Origin, path, $"{MissingRequired}'{name}'");
                    }
                }

                yield break;
            case "dependentRequired" when hasValue && value.ValueKind == JsonValueKind.Object:
                foreach (var dependency in value.EnumerateObject().Where(d => node.Get(d.Name) is not null && d.Value.ValueKind == JsonValueKind.Array))
                {
                    foreach (var name in dependency.Value.EnumerateArray().Select(n => n.GetString()).OfType<string>().Where(n => node.Get(n) is null))
                    {
                        yield return new ConfigurationError(node.Origin, path, $"{MissingRequired}'{name}' (needed with '{dependency.Name}')");
                    }
                }

                yield break;
        }

        yield return new ConfigurationError(node.Origin, path, hasValue ? Message(keyword, libraryMessage, node, value) : Library(libraryMessage));
    }

    private static string Message(string keyword, string libraryMessage, ConfigNode node, JsonElement value) => keyword switch
    {
        "type" => $"expected {TypeText(value)}, got {node.TypeName}",
        "const" => $"expected {value.GetRawText()}, got {Show(node)}",
        "enum" => NotAllowed(node, value),
        "minimum" => $"must be >= {value.GetRawText()}, got {Show(node)}",
        "maximum" => $"must be <= {value.GetRawText()}, got {Show(node)}",
        "exclusiveMinimum" => $"must be > {value.GetRawText()}, got {Show(node)}",
        "exclusiveMaximum" => $"must be < {value.GetRawText()}, got {Show(node)}",
        "multipleOf" => $"must be a multiple of {value.GetRawText()}, got {Show(node)}",
        "minLength" => value.GetRawText() == "1" ? "must not be empty" : $"must be at least {value.GetRawText()} characters long",
        "maxLength" => $"must be at most {value.GetRawText()} characters long",
        "pattern" => $"{Show(node)} does not match the pattern {value.GetString()}",
        "format" => $"{Show(node)} is not a valid {value.GetString()}",
        "minItems" => $"expected at least {value.GetRawText()} item(s), got {node.Items.Count}",
        "maxItems" => $"expected at most {value.GetRawText()} item(s), got {node.Items.Count}",
        "uniqueItems" => "items must be unique (" + Library(libraryMessage) + ")",
        "minProperties" => $"expected at least {value.GetRawText()} setting(s), got {node.Properties.Count}",
        "maxProperties" => $"expected at most {value.GetRawText()} setting(s), got {node.Properties.Count}",
        "not" => "must not match the excluded form",
        _ => Library(libraryMessage),
    };

    private static string NotAllowed(ConfigNode node, JsonElement options)
    {
        var allowed = options.EnumerateArray().Select(o => o.GetRawText()).ToList();
        var closest = node.Kind == ConfigValueKind.String
            ? NameSuggestions.Closest(node.String, options.EnumerateArray().Where(o => o.ValueKind == JsonValueKind.String).Select(o => o.GetString()!))
            : null;
        var hint = closest is null ? "" : $"; did you mean \"{closest}\"?";
        return $"{Show(node)} is not allowed{hint} allowed: {string.Join(", ", allowed)}";
    }

    private static string UnknownSetting(string name, JsonElement? objectSchema)
    {
        var known = objectSchema is { ValueKind: JsonValueKind.Object } schema && schema.TryGetProperty("properties", out var properties)
            && properties.ValueKind == JsonValueKind.Object
            ? properties.EnumerateObject().Select(p => p.Name).Where(n => n != "$schema").ToList()
            : [];
        var closest = NameSuggestions.Closest(name, known);
        var hint = closest is null ? "" : $"; did you mean '{closest}'?";
        return known.Count == 0 ? $"unknown setting '{name}'" : $"unknown setting '{name}'{hint} allowed: {string.Join(", ", known)}";
    }

    /// <summary>
    /// The subschema at a result's schema location, and the pointer actually followed. JsonSchema.Net 8.0.5 repeats
    /// the parent's last segment after single-subschema keywords (<c>#/$defs/overlay/additionalProperties/overlay</c>,
    /// <c>#/properties/a/items/a/anyOf/0</c>): such a repeat, and any segment that does not exist, is skipped.
    /// </summary>
    private (JsonElement? Schema, List<string> Pointer) Lookup(Uri schemaLocation)
    {
        var segments = SchemaInstance.Segments(Uri.UnescapeDataString(schemaLocation.Fragment.TrimStart('#'))).ToList();
        var followed = new List<string>();
        var element = _schemaRoot;
        for (var i = 0; i < segments.Count; i++)
        {
            var repeat = i >= 2 && SingleSubschemaKeywords.Contains(segments[i - 1]) && segments[i] == segments[i - 2];
            if (!repeat && Child(element, segments[i]) is { } child)
            {
                element = child;
                followed.Add(segments[i]);
            }
        }

        return (element, followed);
    }

    private JsonElement? Lookup(IEnumerable<string> pointer)
    {
        JsonElement? element = _schemaRoot;
        foreach (var segment in pointer)
        {
            element = element is { } current ? Child(current, segment) : null;
        }

        return element;
    }

    private static JsonElement? Child(JsonElement element, string segment)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(segment, out var child))
        {
            return child;
        }

        return element.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && index < element.GetArrayLength() ? element[index] : null;
    }

    private static string TypeText(JsonElement type) =>
        type.ValueKind == JsonValueKind.Array ? string.Join(" or ", type.EnumerateArray().Select(t => t.GetString())) : type.GetString() ?? type.GetRawText();

    private static string Show(ConfigNode node) => node.Kind == ConfigValueKind.String ? $"\"{node.String}\"" : node.ToValue().ToJson();

    /// <summary>JsonSchema.Net's message in our style: lower-case start, no trailing period.</summary>
    private static string Library(string message) =>
        message.Length == 0 ? "is invalid" : char.ToLowerInvariant(message[0]) + message[1..].TrimEnd('.');
}
