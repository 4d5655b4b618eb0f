using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Launcher.Configuration;

namespace Launcher.Schema;

/// <content>Per-kind checks.</content>
internal sealed partial class JsonSchemaValidator
{
    private void CheckObject(ConfigNode node, JsonElement schema, string path, ErrorList errors)
    {
        var hasProperties = schema.TryGetProperty("properties", out var properties);
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (node.Get(name) is null)
                {
                    errors.Add(node.Origin, path, $"missing required setting '{name}'");
                }
            }
        }

        schema.TryGetProperty("additionalProperties", out var additional);
        foreach (var property in node.Properties)
        {
            var childPath = ConfigNode.Child(path, property.Name);
            if (hasProperties && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                Validate(property.Value, propertySchema, childPath, errors);
            }
            else if (additional.ValueKind == JsonValueKind.False)
            {
                var known = hasProperties ? properties.EnumerateObject().Select(p => p.Name).Where(n => n != "$schema").ToList() : [];
                var closest = NameSuggestions.Closest(property.Name, known);
                var hint = closest is null ? "" : $"; did you mean '{closest}'?";
                errors.Add(property.KeyOrigin, childPath, $"unknown setting '{property.Name}'{hint} allowed: {string.Join(", ", known)}");
            }
            else if (additional.ValueKind == JsonValueKind.Object)
            {
                Validate(property.Value, additional, childPath, errors);
            }
        }
    }

    private void CheckArray(ConfigNode node, JsonElement schema, string path, ErrorList errors)
    {
        if (schema.TryGetProperty("minItems", out var minItems) && node.Items.Count < minItems.GetInt32())
        {
            errors.Add(node.Origin, path, $"expected at least {minItems.GetInt32()} item(s), got {node.Items.Count}");
        }

        if (schema.TryGetProperty("maxItems", out var maxItems) && node.Items.Count > maxItems.GetInt32())
        {
            errors.Add(node.Origin, path, $"expected at most {maxItems.GetInt32()} item(s), got {node.Items.Count}");
        }

        var prefixCount = 0;
        if (schema.TryGetProperty("prefixItems", out var prefixItems))
        {
            foreach (var itemSchema in prefixItems.EnumerateArray())
            {
                if (prefixCount < node.Items.Count)
                {
                    Validate(node.Items[prefixCount], itemSchema, ConfigNode.Child(path, prefixCount), errors);
                }

                prefixCount++;
            }
        }

        if (schema.TryGetProperty("items", out var items))
        {
            for (var i = prefixCount; i < node.Items.Count; i++)
            {
                Validate(node.Items[i], items, ConfigNode.Child(path, i), errors);
            }
        }
    }

    private void CheckString(ConfigNode node, JsonElement schema, string path, ErrorList errors)
    {
        var length = new StringInfo(node.String).LengthInTextElements;
        if (schema.TryGetProperty("minLength", out var minLength) && length < minLength.GetInt32())
        {
            errors.Add(node.Origin, path, minLength.GetInt32() == 1 ? "must not be empty" : $"must be at least {minLength.GetInt32()} characters long");
        }

        if (schema.TryGetProperty("maxLength", out var maxLength) && length > maxLength.GetInt32())
        {
            errors.Add(node.Origin, path, $"must be at most {maxLength.GetInt32()} characters long");
        }

        if (schema.TryGetProperty("pattern", out var pattern))
        {
            var text = pattern.GetString()!;
            if (!_patterns.TryGetValue(text, out var regex))
            {
                regex = new Regex(text, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                _patterns[text] = regex;
            }

            if (!regex.IsMatch(node.String))
            {
                errors.Add(node.Origin, path, $"\"{node.String}\" does not match the pattern {text}");
            }
        }
    }

    private static void CheckNumber(ConfigNode node, JsonElement schema, string path, ErrorList errors)
    {
        var value = node.Number;
        if (!double.IsFinite(value))
        {
            errors.Add(node.Origin, path, "must be a finite number");
            return;
        }

        if (schema.TryGetProperty("minimum", out var minimum) && value < minimum.GetDouble())
        {
            errors.Add(node.Origin, path, $"must be >= {minimum.GetRawText()}, got {Show(node)}");
        }

        if (schema.TryGetProperty("maximum", out var maximum) && value > maximum.GetDouble())
        {
            errors.Add(node.Origin, path, $"must be <= {maximum.GetRawText()}, got {Show(node)}");
        }

        if (schema.TryGetProperty("exclusiveMinimum", out var exclusiveMinimum) && value <= exclusiveMinimum.GetDouble())
        {
            errors.Add(node.Origin, path, $"must be > {exclusiveMinimum.GetRawText()}, got {Show(node)}");
        }

        if (schema.TryGetProperty("exclusiveMaximum", out var exclusiveMaximum) && value >= exclusiveMaximum.GetDouble())
        {
            errors.Add(node.Origin, path, $"must be < {exclusiveMaximum.GetRawText()}, got {Show(node)}");
        }
    }

    private void CheckAlternatives(ConfigNode node, JsonElement schema, string path, ErrorList errors)
    {
        foreach (var keyword in (ReadOnlySpan<string>)["anyOf", "oneOf"])
        {
            if (!schema.TryGetProperty(keyword, out var alternatives))
            {
                continue;
            }

            var results = alternatives.EnumerateArray().Select(alternative =>
            {
                var branch = new ErrorList();
                Validate(node, alternative, path, branch);
                return branch;
            }).ToList();
            var matches = results.Count(r => !r.HasErrors);
            if (matches == 0)
            {
                var closest = results.MinBy(r => r.Errors.Count)!;
                errors.Add(node.Origin, path, $"does not match any allowed form (closest: {closest.Errors[0].Message})");
            }
            else if (keyword == "oneOf" && matches > 1)
            {
                errors.Add(node.Origin, path, "matches more than one allowed form");
            }
        }
    }
}
