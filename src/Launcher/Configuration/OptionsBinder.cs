using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ipv8;
using Ipv8.Bootstrapping;
using Ipv8.Messaging;
using Launcher.Definitions;

namespace Launcher.Configuration;

/// <summary>
/// The one binder from configuration settings to typed options: walker and bootstrapper <c>init</c>, an overlay's
/// <c>initialize</c> (onto <c>CommunitySettings</c>), a hosted tracker's <c>limits</c>, and <c>on_start</c> arguments.
/// </summary>
/// <remarks>
/// <para>Keys: every public instance property with a setter (<c>init</c> counts) is a setting, named in snake_case as
/// py-ipv8 names it (<c>WindowSize</c> → <c>window_size</c>) unless <see cref="JsonPropertyNameAttribute"/> gives the
/// name. A property marked <see cref="JsonIgnoreAttribute"/> is not a setting (host wiring, the wire <c>version</c>,
/// test seeds); neither are delegates or interfaces (code hooks). An unknown key is refused with the closest known
/// name.</para>
/// <para>Values: booleans, integers (range-checked), numbers, strings, enums (by name, case and underscores
/// ignored), durations as seconds (or <c>hh:mm:ss</c>), IP addresses, <c>"ip:port"</c>/<c>[ip, port]</c> and
/// <c>"host:port"</c>/<c>[host, port]</c> addresses, lists of those, and nested options objects (bound by the same
/// rules, e.g. <c>trust: {...}</c>).</para>
/// <para>Validation: a bound object implementing <see cref="IValidatableOptions"/> is validated and every failure is
/// reported. Problems never throw from <see cref="Bind(Type, SettingsMap, ICollection{string})"/>: each is one message, prefixed with the nested path
/// (<c>trust.max_pending_challenges must be at least 1 (was 0)</c>).</para>
/// </remarks>
public static class OptionsBinder
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, PropertyInfo>> Settable = new();

    /// <summary>Returns the keys <paramref name="optionsType"/> accepts, ordered.</summary>
    /// <param name="optionsType">The options type.</param>
    /// <returns>The snake_case keys.</returns>
    public static IReadOnlyList<string> Keys(Type optionsType)
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        return [.. SettableProperties(optionsType).Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Binds <paramref name="settings"/> for <paramref name="optionsType"/>: every key found, every value converted.
    /// The result is applied with <see cref="BoundSettings.Create"/> (a new options object) or
    /// <see cref="BoundSettings.ApplyTo{T}"/> (a copy of a record made elsewhere, e.g. the host's <c>CommunitySettings</c>).
    /// </summary>
    /// <param name="optionsType">The options type.</param>
    /// <param name="settings">The settings.</param>
    /// <param name="problems">Receives one message per unknown key or value that does not convert.</param>
    /// <returns>The bound settings (without the failed ones).</returns>
    public static BoundSettings Bind(Type optionsType, SettingsMap settings, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(problems);
        return BindCore(optionsType, settings, "", problems);
    }

    /// <summary>
    /// Creates a new <paramref name="optionsType"/> (public parameterless constructor) from <paramref name="settings"/>
    /// and validates it (see <see cref="IValidatableOptions"/>).
    /// </summary>
    /// <param name="optionsType">The options type.</param>
    /// <param name="settings">The settings.</param>
    /// <param name="problems">Receives every problem: unknown keys, values that do not convert, validation failures.</param>
    /// <returns>The options (meaningful only when no problem was added).</returns>
    public static object Create(Type optionsType, SettingsMap settings, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var options = Bind(optionsType, settings, problems).Create();
        if (options is IValidatableOptions validatable)
        {
            foreach (var failure in validatable.Validate())
            {
                problems.Add(failure);
            }
        }

        return options;
    }

    /// <summary>Creates and validates a <typeparamref name="T"/> from <paramref name="settings"/>.</summary>
    /// <typeparam name="T">The options type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <returns>The options.</returns>
    /// <exception cref="FormatException">Anything is wrong; the message lists every problem.</exception>
    public static T Create<T>(SettingsMap settings)
        where T : class, new()
    {
        var problems = new List<string>();
        var options = (T)Create(typeof(T), settings, problems);
        return problems.Count == 0 ? options : throw new FormatException(string.Join("; ", problems));
    }

    /// <summary>Converts one value to <paramref name="type"/> with the rules above (used for <c>on_start</c> arguments).</summary>
    /// <param name="type">The target type.</param>
    /// <param name="value">The value.</param>
    /// <returns>The converted value.</returns>
    /// <exception cref="FormatException">The value does not convert; the message says why.</exception>
    public static object? ConvertValue(Type type, ConfigValue value)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(value);
        var problems = new List<string>();
        var result = Convert(type, value, "", problems);
        return problems.Count == 0 ? result : throw new FormatException(string.Join("; ", problems));
    }

    private static BoundSettings BindCore(Type optionsType, SettingsMap settings, string prefix, ICollection<string> problems)
    {
        var properties = SettableProperties(optionsType);
        var values = new List<KeyValuePair<PropertyInfo, object?>>();
        foreach (var (key, value) in settings)
        {
            if (!properties.TryGetValue(key, out var property))
            {
                var message = NameSuggestions.Unknown("setting", key, properties.Keys);
                problems.Add(prefix.Length == 0 ? message : $"{prefix.TrimEnd('.')}: {message}");
                continue;
            }

            var before = problems.Count;
            var converted = Convert(property.PropertyType, value, prefix + key, problems);
            if (problems.Count == before)
            {
                values.Add(KeyValuePair.Create(property, converted));
            }
        }

        return new BoundSettings(optionsType, settings, values);
    }

    private static IReadOnlyDictionary<string, PropertyInfo> SettableProperties(Type type) => Settable.GetOrAdd(type, static t => t
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0
            && p.GetCustomAttribute<JsonIgnoreAttribute>() is null
            && !typeof(Delegate).IsAssignableFrom(p.PropertyType)
            && (!p.PropertyType.IsInterface || IsList(p.PropertyType, out _)))
        .ToDictionary(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), StringComparer.Ordinal));

    private static object? Convert(Type type, ConfigValue value, string setting, ICollection<string> problems)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (value.Kind == ConfigValueKind.Null)
        {
            if (!type.IsValueType || target != type)
            {
                return null;
            }

            return Fail(problems, setting, $"must not be null (expected {Describe(target)})");
        }

        try
        {
            if (target == typeof(ConfigValue))
            {
                return value;
            }

            if (target == typeof(bool))
            {
                return value.Kind == ConfigValueKind.Boolean ? value.AsBoolean() : Fail(problems, setting, "expected a boolean");
            }

            if (target == typeof(string))
            {
                return value.Kind == ConfigValueKind.String ? value.AsString() : Fail(problems, setting, "expected a string");
            }

            if (target == typeof(TimeSpan))
            {
                return Seconds(value) ?? Fail(problems, setting, "expected a duration in seconds");
            }

            if (target.IsEnum)
            {
                var names = Enum.GetNames(target);
                var name = value.Kind == ConfigValueKind.String
                    ? names.FirstOrDefault(n => string.Equals(n, value.AsString().Replace("_", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))
                    : null;
                return name is not null ? Enum.Parse(target, name) : Fail(problems, setting, $"expected one of {string.Join(", ", names)}");
            }

            if (target == typeof(double) || target == typeof(float) || target == typeof(decimal))
            {
                return value.Kind == ConfigValueKind.Number && double.IsFinite(value.AsNumber())
                    ? System.Convert.ChangeType(value.AsNumber(), target, CultureInfo.InvariantCulture)
                    : Fail(problems, setting, "expected a number");
            }

            if (target.IsPrimitive)
            {
                // Integer types: a whole number within the type's range.
                if (!value.IsInteger)
                {
                    return Fail(problems, setting, "expected an integer");
                }

                try
                {
                    return System.Convert.ChangeType(value.AsNumber(), target, CultureInfo.InvariantCulture);
                }
                catch (OverflowException)
                {
                    return Fail(problems, setting, $"expected an integer that fits a {target.Name}");
                }
            }

            if (target == typeof(IPAddress))
            {
                return value.Kind == ConfigValueKind.String && IPAddress.TryParse(value.AsString(), out var ip) ? ip : Fail(problems, setting, "expected an IP address");
            }

            if (target == typeof(UdpAddress))
            {
                return Address(value, (host, port) => UdpAddress.Parse(host, port), text => UdpAddress.TryParse(text, out var parsed) ? parsed : null)
                    ?? Fail(problems, setting, "expected an address \"ip:port\" or [ip, port]");
            }

            if (target == typeof(DnsAddress))
            {
                return Address(value, (host, port) => new DnsAddress(host, checked((ushort)port)), _ => null)
                    ?? Fail(problems, setting, "expected an address \"host:port\" or [host, port]");
            }

            if (IsList(target, out var element))
            {
                if (value.Kind != ConfigValueKind.Array)
                {
                    return Fail(problems, setting, "expected a list");
                }

                var list = Array.CreateInstance(element, value.Items.Count);
                for (var i = 0; i < value.Items.Count; i++)
                {
                    list.SetValue(Convert(element, value.Items[i], string.Create(CultureInfo.InvariantCulture, $"{setting}[{i}]"), problems), i);
                }

                return target.IsArray || target.IsAssignableFrom(list.GetType()) ? list : Activator.CreateInstance(target, list);
            }

            if (value.Kind == ConfigValueKind.Object && !target.IsAbstract && (target.IsValueType || target.GetConstructor(Type.EmptyTypes) is not null))
            {
                var nested = BindCore(target, value.Properties, setting + ".", problems).Create();
                if (nested is IValidatableOptions validatable)
                {
                    foreach (var failure in validatable.Validate())
                    {
                        problems.Add($"{setting}.{failure}");
                    }
                }

                return nested;
            }

            return Fail(problems, setting, $"expected {Describe(target)}");
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or OverflowException or InvalidCastException)
        {
            return Fail(problems, setting, exception.Message);
        }
    }

    private static bool IsList(Type type, out Type element)
    {
        element = typeof(object);
        if (type.IsArray)
        {
            element = type.GetElementType()!;
            return true;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(IReadOnlyList<>) || definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyCollection<>)
                || definition == typeof(IList<>) || definition == typeof(ICollection<>) || definition == typeof(List<>)))
        {
            element = type.GetGenericArguments()[0];
            return true;
        }

        return false;
    }

    private static TimeSpan? Seconds(ConfigValue value) => value.Kind switch
    {
        ConfigValueKind.Number when double.IsFinite(value.AsNumber()) && Math.Abs(value.AsNumber()) < TimeSpan.MaxValue.TotalSeconds => TimeSpan.FromSeconds(value.AsNumber()),
        ConfigValueKind.String when TimeSpan.TryParse(value.AsString(), CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    private static object? Address(ConfigValue value, Func<string, int, object> fromPair, Func<string, object?> fromText)
    {
        if (value.Kind == ConfigValueKind.Array && value.Items.Count == 2 && value.Items[0].Kind == ConfigValueKind.String
            && value.Items[1].IsInteger && value.Items[1].AsNumber() is >= 0 and <= 65535)
        {
            return fromPair(value.Items[0].AsString(), (int)value.Items[1].AsNumber());
        }

        if (value.Kind != ConfigValueKind.String)
        {
            return null;
        }

        var text = value.AsString();
        if (fromText(text) is { } parsed)
        {
            return parsed;
        }

        var colon = text.LastIndexOf(':');
        return colon > 0 && ushort.TryParse(text.AsSpan(colon + 1), CultureInfo.InvariantCulture, out var port) ? fromPair(text[..colon], port) : null;
    }

    private static string Describe(Type type) => type.IsValueType || type.GetConstructor(Type.EmptyTypes) is not null
        ? $"an object of {type.Name} settings"
        : $"a {type.Name}, which cannot be configured in a file";

    private static object? Fail(ICollection<string> problems, string setting, string message)
    {
        problems.Add(setting.Length == 0 ? message : $"{setting}: {message}");
        return null;
    }
}
