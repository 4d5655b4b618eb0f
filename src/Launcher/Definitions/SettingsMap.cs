using System.Collections;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;

namespace Launcher.Definitions;

/// <summary>
/// An immutable map from setting names to <see cref="ConfigValue"/>s, compared by value regardless of
/// insertion order (keys are ordinal, case-sensitive, as in py-ipv8's keyword arguments).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1710", Justification = "Named after what it holds: settings.")]
public sealed class SettingsMap : IReadOnlyDictionary<string, ConfigValue>, IEquatable<SettingsMap>
{
    private readonly ImmutableSortedDictionary<string, ConfigValue> _items;

    private SettingsMap(ImmutableSortedDictionary<string, ConfigValue> items) => _items = items;

    /// <summary>The empty map.</summary>
    public static SettingsMap Empty { get; } = new(ImmutableSortedDictionary.Create<string, ConfigValue>(StringComparer.Ordinal));

    /// <inheritdoc />
    public int Count => _items.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _items.Keys;

    /// <inheritdoc />
    public IEnumerable<ConfigValue> Values => _items.Values;

    /// <inheritdoc />
    public ConfigValue this[string key] => _items[key];

    /// <summary>Builds a map; a later pair with the same key replaces an earlier one.</summary>
    /// <param name="pairs">The settings.</param>
    /// <returns>The map.</returns>
    public static SettingsMap From(IEnumerable<KeyValuePair<string, ConfigValue>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var builder = ImmutableSortedDictionary.CreateBuilder<string, ConfigValue>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            builder[pair.Key] = pair.Value;
        }

        return builder.Count == 0 ? Empty : new(builder.ToImmutable());
    }

    /// <summary>
    /// Builds a map from CLR values (see <see cref="ConfigValue.FromObject(object?)"/>), e.g. a
    /// <c>Dictionary&lt;string, object?&gt;</c> passed to <c>ConfigBuilder</c>.
    /// </summary>
    /// <param name="settings">The settings; null gives the empty map.</param>
    /// <returns>The map.</returns>
    /// <exception cref="ArgumentException">A value has an unsupported type.</exception>
    public static SettingsMap FromObjects(IEnumerable<KeyValuePair<string, object?>>? settings) =>
        settings is null ? Empty : From(settings.Select(p => KeyValuePair.Create(p.Key, ConfigValue.FromObject(p.Value))));

    /// <summary>Returns a copy with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    /// <param name="key">The setting name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The new map.</returns>
    public SettingsMap SetItem(string key, ConfigValue value) => new(_items.SetItem(key, value));

    /// <inheritdoc />
    public bool ContainsKey(string key) => _items.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out ConfigValue value) =>
        _items.TryGetValue(key, out value);

    /// <inheritdoc />
    public bool Equals(SettingsMap? other)
    {
        if (other is null || other.Count != Count)
        {
            return false;
        }

        foreach (var pair in _items)
        {
            if (!other._items.TryGetValue(pair.Key, out var value) || !pair.Value.Equals(value))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SettingsMap other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var pair in _items)
        {
            hash.Add(pair.Key, StringComparer.Ordinal);
            hash.Add(pair.Value);
        }

        return hash.ToHashCode();
    }

    /// <summary>Writes the map as a JSON object (keys sorted ordinally).</summary>
    /// <param name="writer">The destination.</param>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        foreach (var pair in _items)
        {
            writer.WritePropertyName(pair.Key);
            pair.Value.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    /// <summary>Returns the map as compact JSON.</summary>
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

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, ConfigValue>> GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
