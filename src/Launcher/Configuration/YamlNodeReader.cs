using System.Globalization;
using Launcher.Definitions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Launcher.Configuration;

/// <summary>
/// Reads a YAML configuration file into a <see cref="ConfigNode"/> tree, keeping line and column of every node.
/// Plain scalars are typed with YAML 1.2 core-schema rules (null, booleans, integers, floats); quoted scalars
/// are strings. Aliases are expanded under a node budget, so "billion laughs" documents fail cleanly.
/// </summary>
internal static class YamlNodeReader
{
    internal const int MaxNodes = 100_000;

    public static ConfigNode? Read(string file, TextReader text, ErrorList errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(text);
        }
        catch (YamlException ex)
        {
            errors.Add(Origin.InFile(file, (int)ex.Start.Line, (int)ex.Start.Column), "", "malformed YAML: " + Describe(ex));
            return null;
        }

        if (stream.Documents.Count != 1)
        {
            errors.Add(Origin.InFile(file, 1, 1), "",
                stream.Documents.Count == 0 ? "the file is empty" : "the file holds more than one YAML document");
            return null;
        }

        var budget = MaxNodes;
        try
        {
            return Convert(file, stream.Documents[0].RootNode, errors, ref budget);
        }
        catch (InvalidDataException ex)
        {
            errors.Add(Origin.InFile(file, 1, 1), "", ex.Message);
            return null;
        }
    }

    private static string Describe(YamlException ex)
    {
        var message = ex.InnerException?.Message ?? ex.Message;
        var index = message.IndexOf("): ", StringComparison.Ordinal);
        return index >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(index + 3)..] : message;
    }

    private static ConfigNode Convert(string file, YamlNode node, ErrorList errors, ref int budget)
    {
        if (--budget < 0)
        {
            throw new InvalidDataException($"the document expands to more than {MaxNodes} values (aliases?)");
        }

        var origin = Origin.InFile(file, (int)node.Start.Line, (int)node.Start.Column);
        switch (node)
        {
            case YamlSequenceNode sequence:
                var array = new ConfigNode(ConfigValueKind.Array, origin);
                foreach (var child in sequence.Children)
                {
                    array.Items.Add(Convert(file, child, errors, ref budget));
                }

                return array;
            case YamlMappingNode mapping:
                var obj = new ConfigNode(ConfigValueKind.Object, origin);
                foreach (var pair in mapping.Children)
                {
                    var keyOrigin = Origin.InFile(file, (int)pair.Key.Start.Line, (int)pair.Key.Start.Column);
                    if (pair.Key is not YamlScalarNode { Value: { } key })
                    {
                        errors.Add(keyOrigin, "", "mapping keys must be plain strings");
                        continue;
                    }

                    if (obj.Get(key) is not null)
                    {
                        errors.Add(keyOrigin, key, "duplicate key");
                        continue;
                    }

                    obj.Properties.Add(new ConfigProperty(key, keyOrigin, Convert(file, pair.Value, errors, ref budget)));
                }

                return obj;
            default:
                return Scalar((YamlScalarNode)node, origin);
        }
    }

    private static ConfigNode Scalar(YamlScalarNode scalar, Origin origin)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any) || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == "tag:yaml.org,2002:str"))
        {
            return new ConfigNode(ConfigValueKind.String, origin) { String = text };
        }

        return ResolvePlain(text, origin);
    }

    /// <summary>Types a plain scalar (also used for override values given as text).</summary>
    public static ConfigNode ResolvePlain(string text, Origin origin)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return new ConfigNode(ConfigValueKind.Null, origin);
            case "true" or "True" or "TRUE":
                return new ConfigNode(ConfigValueKind.Boolean, origin) { Boolean = true };
            case "false" or "False" or "FALSE":
                return new ConfigNode(ConfigValueKind.Boolean, origin) { Boolean = false };
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                return new ConfigNode(ConfigValueKind.Number, origin) { Number = double.PositiveInfinity };
            case "-.inf" or "-.Inf" or "-.INF":
                return new ConfigNode(ConfigValueKind.Number, origin) { Number = double.NegativeInfinity };
            case ".nan" or ".NaN" or ".NAN":
                return new ConfigNode(ConfigValueKind.Number, origin) { Number = double.NaN };
        }

        if (TryNumber(text, out var number))
        {
            return new ConfigNode(ConfigValueKind.Number, origin) { Number = number };
        }

        return new ConfigNode(ConfigValueKind.String, origin) { String = text };
    }

    private static bool TryNumber(string text, out double number)
    {
        number = 0;
        if (text.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            number = hex;
            return true;
        }

        if (text.StartsWith("0o", StringComparison.Ordinal))
        {
            try
            {
                number = System.Convert.ToInt64(text[2..], 8);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        // Core schema: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?, no thousands separators or hex floats.
        foreach (var c in text)
        {
            if (!(char.IsAsciiDigit(c) || c is '-' or '+' or '.' or 'e' or 'E'))
            {
                return false;
            }
        }

        return text.Any(char.IsAsciiDigit)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }
}
