using System.Text.Json;
using System.Text.Json.Serialization;
using Launcher.Configuration;
using Launcher.Definitions;

namespace Launcher.Launching;

/// <summary>
/// Turns a typed settings class named in an attribute (<c>Settings = typeof(ChatSettings)</c>) into a
/// <see cref="SettingsMap"/>: the type is created with its public parameterless constructor and its public
/// properties are written in snake_case (<c>MaxPeers</c> → <c>max_peers</c>; <c>[JsonPropertyName]</c> renames),
/// null properties omitted.
/// </summary>
internal static class SettingsTypeConverter
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static SettingsMap Convert(Type? settingsType, Origin origin, string path, ErrorList errors)
    {
        if (settingsType is null)
        {
            return SettingsMap.Empty;
        }

        try
        {
            var instance = Activator.CreateInstance(settingsType)
                ?? throw new InvalidOperationException("the constructor returned null");
            var element = JsonSerializer.SerializeToElement(instance, settingsType, Options);
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add(origin, path, $"settings type {settingsType.Name} does not serialize to an object");
                return SettingsMap.Empty;
            }

            return ConfigValue.FromJson(element).Properties;
        }
        catch (Exception ex) when (ex is MissingMethodException or MemberAccessException or NotSupportedException
            or InvalidOperationException or System.Reflection.TargetInvocationException)
        {
            errors.Add(origin, path, $"settings type {settingsType.Name} cannot be used: {ex.Message}");
            return SettingsMap.Empty;
        }
    }
}
