using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Launcher.Definitions;

/// <content>Conversions from CLR objects and JSON elements.</content>
public sealed partial class ConfigValue
{
    /// <summary>
    /// Converts a CLR value: null, bool, string, char, enums (by name), integral and floating numbers,
    /// <see cref="TimeSpan"/> (as seconds, py-ipv8's unit), <see cref="JsonElement"/>, <see cref="ConfigValue"/>,
    /// <see cref="SettingsMap"/>, string-keyed dictionaries (objects), tuples and other sequences (arrays).
    /// </summary>
    /// <param name="value">The value to convert.</param>
    /// <returns>The converted value.</returns>
    /// <exception cref="ArgumentException">The value (or a nested one) has an unsupported type.</exception>
    public static ConfigValue FromObject(object? value) => value switch
    {
        null => Null,
        ConfigValue v => v,
        SettingsMap map => FromObject(map),
        bool b => FromBoolean(b),
        string s => FromString(s),
        char c => FromString(c.ToString()),
        Enum e => FromString(e.ToString()),
        TimeSpan t => FromNumber(t.TotalSeconds),
        JsonElement element => FromJson(element),
        sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal =>
            FromNumber(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        IDictionary dictionary => FromObject(FromDictionary(dictionary)),
        ITuple tuple => FromArray(Enumerable.Range(0, tuple.Length).Select(i => FromObject(tuple[i]))),
        IEnumerable sequence => FromArray(sequence.Cast<object?>().Select(FromObject)),
        _ => throw new ArgumentException($"cannot use a value of type {value.GetType().Name} in configuration settings", nameof(value)),
    };

    /// <summary>Converts a <see cref="JsonElement"/>.</summary>
    /// <param name="element">The element.</param>
    /// <returns>The converted value.</returns>
    public static ConfigValue FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => Null,
        JsonValueKind.True => True,
        JsonValueKind.False => False,
        JsonValueKind.Number => FromNumber(element.GetDouble()),
        JsonValueKind.String => FromString(element.GetString()!),
        JsonValueKind.Array => FromArray(element.EnumerateArray().Select(FromJson)),
        _ => FromObject(SettingsMap.From(element.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, FromJson(p.Value))))),
    };

    private static SettingsMap FromDictionary(IDictionary dictionary)
    {
        var pairs = new List<KeyValuePair<string, ConfigValue>>();
        foreach (DictionaryEntry entry in dictionary)
        {
            if (entry.Key is not string key)
            {
                throw new ArgumentException("settings dictionaries must have string keys", nameof(dictionary));
            }

            pairs.Add(KeyValuePair.Create(key, FromObject(entry.Value)));
        }

        return SettingsMap.From(pairs);
    }
}
