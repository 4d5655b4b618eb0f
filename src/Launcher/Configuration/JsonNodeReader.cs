using System.Text.Json;
using Launcher.Definitions;

namespace Launcher.Configuration;

/// <summary>
/// Reads a JSON configuration file into a <see cref="ConfigNode"/> tree with <see cref="Utf8JsonReader"/>,
/// mapping every token's byte offset to a 1-based line and column (Microsoft.Extensions.Configuration.Json
/// loses positions, so error messages rely on this reader). Comments and trailing commas are accepted
/// (editors write JSONC); duplicate keys are errors.
/// </summary>
internal static class JsonNodeReader
{
    public static ConfigNode? Read(string file, byte[] utf8, ErrorList errors)
    {
        var lines = new LineMap(utf8);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            MaxDepth = 64,
        });
        try
        {
            if (!reader.Read())
            {
                errors.Add(Origin.InFile(file, 1, 1), "", "the file is empty");
                return null;
            }

            var root = ReadValue(file, ref reader, lines, errors, "");
            if (reader.Read())
            {
                errors.Add(lines.At(file, reader.TokenStartIndex), "", "unexpected content after the JSON value");
            }

            return root;
        }
        catch (JsonException ex)
        {
            var origin = Origin.InFile(file, (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1);
            errors.Add(origin, "", "malformed JSON: " + FirstSentence(ex.Message));
            return null;
        }
    }

    private static string FirstSentence(string message)
    {
        var index = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (index > 0 ? message[..index] : message).TrimEnd('.', ' ');
    }

    private static ConfigNode ReadValue(string file, ref Utf8JsonReader reader, LineMap lines, ErrorList errors, string path)
    {
        var origin = lines.At(file, reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new ConfigNode(ConfigValueKind.Object, origin);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString()!;
                    var keyOrigin = lines.At(file, reader.TokenStartIndex);
                    reader.Read();
                    var value = ReadValue(file, ref reader, lines, errors, ConfigNode.Child(path, name));
                    if (obj.Get(name) is not null)
                    {
                        errors.Add(keyOrigin, ConfigNode.Child(path, name), "duplicate key");
                        continue;
                    }

                    obj.Properties.Add(new ConfigProperty(name, keyOrigin, value));
                }

                return obj;
            case JsonTokenType.StartArray:
                var array = new ConfigNode(ConfigValueKind.Array, origin);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    array.Items.Add(ReadValue(file, ref reader, lines, errors, ConfigNode.Child(path, array.Items.Count)));
                }

                return array;
            case JsonTokenType.String:
                return new ConfigNode(ConfigValueKind.String, origin) { String = reader.GetString()! };
            case JsonTokenType.Number:
                return new ConfigNode(ConfigValueKind.Number, origin) { Number = reader.GetDouble() };
            case JsonTokenType.True or JsonTokenType.False:
                return new ConfigNode(ConfigValueKind.Boolean, origin) { Boolean = reader.GetBoolean() };
            default:
                return new ConfigNode(ConfigValueKind.Null, origin);
        }
    }

    /// <summary>Maps UTF-8 byte offsets to 1-based line/column (columns count characters, not bytes).</summary>
    private sealed class LineMap
    {
        private readonly byte[] _utf8;
        private readonly List<int> _lineStarts = [0];

        public LineMap(byte[] utf8)
        {
            _utf8 = utf8;
            for (var i = 0; i < utf8.Length; i++)
            {
                if (utf8[i] == (byte)'\n')
                {
                    _lineStarts.Add(i + 1);
                }
            }
        }

        public Origin At(string file, long offset)
        {
            var index = _lineStarts.BinarySearch((int)offset);
            var line = index >= 0 ? index : ~index - 1;
            var column = 1;
            for (var i = _lineStarts[line]; i < offset; i++)
            {
                if ((_utf8[i] & 0xC0) != 0x80)
                {
                    column++;
                }
            }

            return Origin.InFile(file, line + 1, column);
        }
    }
}
