using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Launcher.Definitions;

/// <summary>
/// An immutable JSON-like value (null, boolean, number, string, array, object) used for free-form settings
/// such as a walker's <c>init</c> or an overlay's <c>initialize</c>. Compares by value: numbers by numeric
/// value (so <c>3</c> equals <c>3.0</c>), arrays in order, objects regardless of key order. This is what lets
/// definitions from attributes, <c>ConfigBuilder</c>, YAML and JSON compare equal.
/// </summary>
public sealed partial class ConfigValue : IEquatable<ConfigValue>
{
    private readonly double _number;
    private readonly string? _string;
    private readonly EquatableArray<ConfigValue> _items;
    private readonly SettingsMap? _properties;

    private ConfigValue(ConfigValueKind kind, double number = 0, string? text = null,
        EquatableArray<ConfigValue> items = default, SettingsMap? properties = null)
    {
        Kind = kind;
        _number = number;
        _string = text;
        _items = items;
        _properties = properties;
    }

    /// <summary>The JSON <c>null</c> value.</summary>
    public static ConfigValue Null { get; } = new(ConfigValueKind.Null);

    /// <summary>The boolean <c>true</c>.</summary>
    public static ConfigValue True { get; } = new(ConfigValueKind.Boolean, 1);

    /// <summary>The boolean <c>false</c>.</summary>
    public static ConfigValue False { get; } = new(ConfigValueKind.Boolean, 0);

    /// <summary>The kind of this value.</summary>
    public ConfigValueKind Kind { get; }

    /// <summary>True for a finite number without fractional part.</summary>
    public bool IsInteger => Kind == ConfigValueKind.Number && double.IsFinite(_number) && Math.Floor(_number) == _number;

    /// <summary>The elements of an array (empty for other kinds).</summary>
    public EquatableArray<ConfigValue> Items => _items;

    /// <summary>The properties of an object (empty for other kinds).</summary>
    public SettingsMap Properties => _properties ?? SettingsMap.Empty;

    /// <summary>Creates a string value.</summary>
    /// <param name="value">The string; must not be null.</param>
    /// <returns>The value.</returns>
    public static ConfigValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(ConfigValueKind.String, text: value);
    }

    /// <summary>Creates a number value.</summary>
    /// <param name="value">The number; NaN and infinities are allowed (YAML can write them) but fail schema checks.</param>
    /// <returns>The value.</returns>
    public static ConfigValue FromNumber(double value) => new(ConfigValueKind.Number, value);

    /// <summary>Creates a boolean value.</summary>
    /// <param name="value">The boolean.</param>
    /// <returns><see cref="True"/> or <see cref="False"/>.</returns>
    public static ConfigValue FromBoolean(bool value) => value ? True : False;

    /// <summary>Creates an array value.</summary>
    /// <param name="items">The elements, in order.</param>
    /// <returns>The value.</returns>
    public static ConfigValue FromArray(IEnumerable<ConfigValue> items) =>
        new(ConfigValueKind.Array, items: EquatableArray.From(items));

    /// <summary>Creates an object value.</summary>
    /// <param name="properties">The properties.</param>
    /// <returns>The value.</returns>
    public static ConfigValue FromObject(SettingsMap properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        return new(ConfigValueKind.Object, properties: properties);
    }

    /// <summary>Returns the string of a string value.</summary>
    /// <returns>The string.</returns>
    /// <exception cref="InvalidOperationException">The value is not a string.</exception>
    public string AsString() => Kind == ConfigValueKind.String ? _string! : throw WrongKind(ConfigValueKind.String);

    /// <summary>Returns the number of a number value.</summary>
    /// <returns>The number.</returns>
    /// <exception cref="InvalidOperationException">The value is not a number.</exception>
    public double AsNumber() => Kind == ConfigValueKind.Number ? _number : throw WrongKind(ConfigValueKind.Number);

    /// <summary>Returns the boolean of a boolean value.</summary>
    /// <returns>The boolean.</returns>
    /// <exception cref="InvalidOperationException">The value is not a boolean.</exception>
    public bool AsBoolean() => Kind == ConfigValueKind.Boolean ? _number != 0 : throw WrongKind(ConfigValueKind.Boolean);

    /// <inheritdoc />
    public bool Equals(ConfigValue? other)
    {
        if (other is null || other.Kind != Kind)
        {
            return false;
        }

        return Kind switch
        {
            ConfigValueKind.Null => true,
            ConfigValueKind.Boolean or ConfigValueKind.Number => _number.Equals(other._number),
            ConfigValueKind.String => string.Equals(_string, other._string, StringComparison.Ordinal),
            ConfigValueKind.Array => _items.Equals(other._items),
            _ => Properties.Equals(other.Properties),
        };
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ConfigValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Kind switch
    {
        ConfigValueKind.Null => 0,
        ConfigValueKind.Boolean or ConfigValueKind.Number => HashCode.Combine(Kind, _number),
        ConfigValueKind.String => HashCode.Combine(Kind, StringComparer.Ordinal.GetHashCode(_string!)),
        ConfigValueKind.Array => HashCode.Combine(Kind, _items),
        _ => HashCode.Combine(Kind, Properties),
    };

    /// <summary>Writes the value as compact JSON (non-finite numbers as strings, e.g. <c>"NaN"</c>).</summary>
    /// <param name="writer">The destination.</param>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (Kind)
        {
            case ConfigValueKind.Null: writer.WriteNullValue(); break;
            case ConfigValueKind.Boolean: writer.WriteBooleanValue(_number != 0); break;
            case ConfigValueKind.Number when double.IsFinite(_number): writer.WriteNumberValue(_number); break;
            case ConfigValueKind.Number: writer.WriteStringValue(_number.ToString(CultureInfo.InvariantCulture)); break;
            case ConfigValueKind.String: writer.WriteStringValue(_string); break;
            case ConfigValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in _items)
                {
                    item.WriteTo(writer);
                }

                writer.WriteEndArray();
                break;
            default:
                Properties.WriteTo(writer);
                break;
        }
    }

    /// <summary>Returns the value as compact JSON.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <inheritdoc />
    public override string ToString() => ToJson();

    private InvalidOperationException WrongKind(ConfigValueKind wanted) =>
        new($"expected a {wanted.ToString().ToLowerInvariant()} value, got {Kind.ToString().ToLowerInvariant()}");
}
