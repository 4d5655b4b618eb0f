using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Net;
using Ipv8.Bootstrapping;
using Ipv8.Messaging;
using Launcher.Definitions;

namespace Launcher.Hosting;

/// <summary>
/// Binds an <c>init</c> settings map (py-ipv8's keyword arguments) to a component's typed options object.
/// Keys are snake_case as in py-ipv8 (<c>window_size</c> binds <c>WindowSize</c>); unknown keys are
/// rejected; durations are numbers of seconds (py-ipv8's floats) or <c>hh:mm:ss</c> strings; addresses are
/// <c>"ip:port"</c> strings or <c>[ip, port]</c> pairs as py-ipv8 writes them.
/// </summary>
public static class ComponentOptionsBinder
{
    private static readonly JsonSerializerOptions SerializerOptions = CreateOptions();

    /// <summary>Binds <paramref name="settings"/> to a new <paramref name="optionsType"/>.</summary>
    /// <exception cref="FormatException">A key is unknown or a value has the wrong type; the message names the setting.</exception>
    public static object Bind(Type optionsType, SettingsMap settings)
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            return JsonSerializer.Deserialize(settings.ToJson(), optionsType, SerializerOptions)
                ?? throw new FormatException($"settings for {optionsType.Name} are null");
        }
        catch (JsonException exception)
        {
            var path = exception.Path is { Length: > 2 } p ? p[2..] : "(settings)";
            throw new FormatException($"{path}: {FirstSentence(exception.Message)}", exception);
        }
    }

    /// <summary>Converts one configured value to <paramref name="type"/> with the same rules as <see cref="Bind"/> (used for <c>on_start</c> arguments).</summary>
    /// <exception cref="FormatException">The value does not convert; the message says why.</exception>
    internal static object? ConvertValue(Type type, ConfigValue value)
    {
        try
        {
            return JsonSerializer.Deserialize(value.ToJson(), type, SerializerOptions);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new FormatException(FirstSentence(exception.Message), exception);
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
        };
        options.Converters.Add(new SecondsConverter());
        options.Converters.Add(new UdpAddressConverter());
        options.Converters.Add(new IPAddressConverter());
        options.Converters.Add(new DnsAddressConverter());

        // Code-only hooks (delegates, injected services) are not settings: hide them from binding.
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    for (var i = info.Properties.Count - 1; i >= 0; i--)
                    {
                        var type = info.Properties[i].PropertyType;
                        if (typeof(Delegate).IsAssignableFrom(type) || (type.IsInterface && !type.IsGenericType))
                        {
                            info.Properties.RemoveAt(i);
                        }
                    }
                },
            },
        };
        return options;
    }

    private sealed class IPAddressConverter : JsonConverter<IPAddress>
    {
        public override IPAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => IPAddress.TryParse(reader.GetString(), out var address) ? address : throw new JsonException($"'{reader.GetString()}' is not an IP address");

        public override void Write(Utf8JsonWriter writer, IPAddress value, JsonSerializerOptions options)
            => writer.WriteStringValue(value.ToString());
    }

    private sealed class DnsAddressConverter : JsonConverter<DnsAddress>
    {
        public override DnsAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                var text = reader.GetString() ?? string.Empty;
                var colon = text.LastIndexOf(':');
                return colon > 0 && ushort.TryParse(text.AsSpan(colon + 1), CultureInfo.InvariantCulture, out var p)
                    ? new DnsAddress(text[..colon], p)
                    : throw new JsonException($"'{text}' is not host:port");
            }

            if (reader.TokenType != JsonTokenType.StartArray || !reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException("a DNS address is \"host:port\" or [host, port]");
            }

            var host = reader.GetString()!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt16(out var port) || !reader.Read() || reader.TokenType != JsonTokenType.EndArray)
            {
                throw new JsonException("a DNS address is \"host:port\" or [host, port] with a port in 0..65535");
            }

            return new DnsAddress(host, port);
        }

        public override void Write(Utf8JsonWriter writer, DnsAddress value, JsonSerializerOptions options)
            => writer.WriteStringValue(value.ToString());
    }

    private sealed class SecondsConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number)
            {
                return TimeSpan.FromSeconds(reader.GetDouble());
            }

            var text = reader.GetString();
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new JsonException($"'{text}' is not a duration (seconds or hh:mm:ss)");
        }

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
            => writer.WriteNumberValue(value.TotalSeconds);
    }

    private sealed class UdpAddressConverter : JsonConverter<UdpAddress>
    {
        public override UdpAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                var text = reader.GetString();
                return UdpAddress.TryParse(text, out var parsed) ? parsed : throw new JsonException($"'{text}' is not an ip:port address");
            }

            if (reader.TokenType != JsonTokenType.StartArray || !reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException("an address is \"ip:port\" or [ip, port]");
            }

            var ip = reader.GetString()!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var port) || port is < 0 or > 65535 || !reader.Read() || reader.TokenType != JsonTokenType.EndArray)
            {
                throw new JsonException("an address is \"ip:port\" or [ip, port] with a port in 0..65535");
            }

            try
            {
                return UdpAddress.Parse(ip, port);
            }
            catch (FormatException exception)
            {
                throw new JsonException(exception.Message, exception);
            }
        }

        public override void Write(Utf8JsonWriter writer, UdpAddress value, JsonSerializerOptions options)
            => writer.WriteStringValue(value.ToString());
    }
}
