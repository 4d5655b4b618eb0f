using Ipv8.Messaging;
using Launcher.Definitions;

namespace Launcher.Hosting;

/// <summary>
/// Binds an overlay's <c>initialize: { receive_limits: {...} }</c> object to <see cref="ReceiveLimitOptions"/>: one
/// snake_case key per option (rates in datagrams per second, bursts in datagrams); absent keys keep their defaults.
/// </summary>
internal static class ReceiveLimitsBinder
{
    /// <summary>The key under <c>initialize</c>.</summary>
    public const string Key = "receive_limits";

    private static readonly Dictionary<string, Func<ReceiveLimitOptions, ConfigValue, ReceiveLimitOptions>> Setters = new(StringComparer.Ordinal)
    {
        ["enabled"] = (o, v) => o with { Enabled = v.AsBoolean() },
        ["address_rate"] = (o, v) => o with { AddressRate = v.AsNumber() },
        ["address_burst"] = (o, v) => o with { AddressBurst = v.AsNumber() },
        ["prefix_rate"] = (o, v) => o with { PrefixRate = v.AsNumber() },
        ["prefix_burst"] = (o, v) => o with { PrefixBurst = v.AsNumber() },
        ["global_rate"] = (o, v) => o with { GlobalRate = v.AsNumber() },
        ["global_burst"] = (o, v) => o with { GlobalBurst = v.AsNumber() },
        ["max_addresses"] = (o, v) => o with { MaxAddresses = Integer(v) },
        ["max_prefixes"] = (o, v) => o with { MaxPrefixes = Integer(v) },
        ["ipv4_prefix_length"] = (o, v) => o with { IPv4PrefixLength = Integer(v) },
        ["ipv6_prefix_length"] = (o, v) => o with { IPv6PrefixLength = Integer(v) },
    };

    /// <summary>Gets the keys a <c>receive_limits</c> object accepts.</summary>
    public static IEnumerable<string> Keys => Setters.Keys;

    /// <summary>Returns an error message per unknown key, wrong type or out-of-range value.</summary>
    public static IEnumerable<string> Check(ConfigValue value)
    {
        var errors = new List<string>();
        Bind(value, errors);
        return errors;
    }

    /// <summary>Returns the options <paramref name="value"/> describes (defaults for absent keys).</summary>
    /// <exception cref="InvalidOperationException">The value is not a valid <c>receive_limits</c> object (run <see cref="Check"/> first).</exception>
    public static ReceiveLimitOptions Bind(ConfigValue value)
    {
        var errors = new List<string>();
        var options = Bind(value, errors);
        return errors.Count == 0 ? options : throw new InvalidOperationException(string.Join("; ", errors));
    }

    private static ReceiveLimitOptions Bind(ConfigValue value, List<string> errors)
    {
        var options = new ReceiveLimitOptions();
        if (value.Kind != ConfigValueKind.Object)
        {
            errors.Add($"{Key}: expected an object with keys {string.Join(", ", Keys)}");
            return options;
        }

        foreach (var (key, item) in value.Properties)
        {
            if (!Setters.TryGetValue(key, out var set))
            {
                errors.Add($"{Key}: unknown setting '{key}'; known: {string.Join(", ", Keys.Order(StringComparer.Ordinal))}");
                continue;
            }

            try
            {
                options = set(options, item);
            }
            catch (InvalidOperationException)
            {
                errors.Add($"{Key}.{key}: expected {(key == "enabled" ? "a boolean" : "a number")}");
            }
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException exception)
        {
            errors.Add($"{Key}: {exception.Message.Split(Environment.NewLine)[0]} ({exception.ParamName})");
        }

        return options;
    }

    private static int Integer(ConfigValue value) => value.IsInteger && value.AsNumber() is >= int.MinValue and <= int.MaxValue
        ? (int)value.AsNumber()
        : throw new InvalidOperationException("not an integer");
}
