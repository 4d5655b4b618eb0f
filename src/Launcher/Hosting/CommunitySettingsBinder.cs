using System.Reflection;
using System.Text.Json;
using Ipv8.Communities;
using Launcher.Definitions;

namespace Launcher.Hosting;

/// <summary>
/// Applies an overlay's <c>initialize</c> section (py-ipv8's settings overrides, e.g. <c>max_peers</c>) to its
/// <see cref="CommunitySettings"/>: every settable scalar property of the settings record, by snake_case name, except
/// <c>version</c> (the wire prefix) and <c>random_seed</c> (tests), which are not user settings.
/// <c>anonymize</c> is accepted and ignored (no tunnel layer here, as the spec allows). The nested objects
/// <c>receive_limits</c> and <c>trust</c> set <see cref="CommunitySettings.ReceiveLimits"/> and
/// <see cref="CommunitySettings.Trust"/> (see <see cref="OptionsBinders"/>).
/// </summary>
internal static class CommunitySettingsBinder
{
    private static readonly string[] IgnoredKeys = ["anonymize"];

    // Settable in code but not settings a file may change: the prefix's version byte would silently move the overlay to
    // another wire prefix, and the random seed exists for deterministic tests.
    private static readonly string[] NotUserSettings = [nameof(CommunitySettings.Version), nameof(CommunitySettings.RandomSeed)];

    private static readonly Dictionary<string, PropertyInfo> Settable = typeof(CommunitySettings)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.SetMethod is not null && IsScalar(p.PropertyType) && !NotUserSettings.Contains(p.Name))
        .ToDictionary(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), StringComparer.Ordinal);

    private static readonly Dictionary<string, (Func<ConfigValue, IEnumerable<string>> Check, Func<CommunitySettings, ConfigValue, CommunitySettings> Apply)> Nested = new(StringComparer.Ordinal)
    {
        [OptionsBinders.ReceiveLimits.Key] = (OptionsBinders.ReceiveLimits.Check, (s, v) => s with { ReceiveLimits = OptionsBinders.ReceiveLimits.Bind(v) }),
        [OptionsBinders.Trust.Key] = (OptionsBinders.Trust.Check, (s, v) => s with { Trust = OptionsBinders.Trust.Bind(v) }),
    };

    /// <summary>Gets the keys <c>initialize</c> accepts.</summary>
    public static IEnumerable<string> Keys => Settable.Keys.Concat(IgnoredKeys).Concat(Nested.Keys);

    /// <summary>Returns an error message per key that is unknown or of the wrong type.</summary>
    public static IEnumerable<string> Check(SettingsMap initialize)
    {
        foreach (var (key, value) in initialize)
        {
            if (IgnoredKeys.Contains(key))
            {
                continue;
            }

            if (Nested.TryGetValue(key, out var nested))
            {
                foreach (var problem in nested.Check(value))
                {
                    yield return problem;
                }

                continue;
            }

            if (!Settable.TryGetValue(key, out var property))
            {
                yield return $"unknown setting '{key}'; known: {string.Join(", ", Keys.Order(StringComparer.Ordinal))}";
                continue;
            }

            string? error = null;
            try
            {
                _ = Convert(value, property.PropertyType);
            }
            catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException)
            {
                error = $"{key}: expected {property.PropertyType.Name}";
            }

            if (error is not null)
            {
                yield return error;
            }
        }
    }

    /// <summary>Returns a copy of <paramref name="settings"/> with the <c>initialize</c> values applied.</summary>
    public static CommunitySettings Apply(CommunitySettings settings, SettingsMap initialize)
    {
        if (initialize.Count == 0)
        {
            return settings;
        }

        var copy = settings with { };
        foreach (var (key, value) in initialize)
        {
            if (Settable.TryGetValue(key, out var property))
            {
                property.SetValue(copy, Convert(value, property.PropertyType));
            }
            else if (Nested.TryGetValue(key, out var nested))
            {
                copy = nested.Apply(copy, value);
            }
        }

        return copy;
    }

    private static object? Convert(ConfigValue value, Type type)
    {
        if (type == typeof(TimeSpan) || type == typeof(TimeSpan?))
        {
            return TimeSpan.FromSeconds(JsonSerializer.Deserialize<double>(value.ToJson()));
        }

        return JsonSerializer.Deserialize(value.ToJson(), type);
    }

    private static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t == typeof(string) || t == typeof(TimeSpan) || t.IsEnum;
    }
}
