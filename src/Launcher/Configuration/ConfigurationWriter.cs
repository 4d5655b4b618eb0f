using Launcher.Definitions;

namespace Launcher.Configuration;

/// <summary>
/// Writes a <see cref="LauncherConfiguration"/> back in py-ipv8's vocabulary (the same format the loader
/// reads): every py-ipv8 key is written, our extensions only when they differ from their defaults. Used to
/// validate <c>ConfigBuilder</c> output with the schema, and to show or save a configuration.
/// </summary>
public static class ConfigurationWriter
{
    /// <summary>Converts the configuration to a JSON-like value.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>An object value.</returns>
    public static ConfigValue ToValue(LauncherConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var root = new Dictionary<string, object?>
        {
            ["interfaces"] = configuration.Interfaces.Select(WriteInterface).ToList(),
            ["keys"] = configuration.Keys.Select(Key).ToList(),
            ["logger"] = Obj(("level", configuration.LogLevel)),
            ["working_directory"] = configuration.WorkingDirectory,
            ["walker_interval"] = configuration.WalkerInterval.TotalSeconds,
            ["overlays"] = configuration.Overlays.Select(ToValue).ToList(),
        };
        if (configuration.PluginFolders.Count > 0)
        {
            root["plugins"] = configuration.PluginFolders.ToList();
        }

        if (configuration.Tracker is { } tracker)
        {
            root["tracker"] = tracker.Limits.Count == 0
                ? Obj(("address", tracker.Address), ("port", tracker.Port))
                : Obj(("address", tracker.Address), ("port", tracker.Port), ("limits", tracker.Limits));
        }

        if (configuration.Discovery is { } discovery)
        {
            var section = Obj(
                ("serve", discovery.Serve),
                ("interfaces", discovery.Interfaces.Select(i => Obj(("class", i.Class), ("init", i.Init))).ToList()),
                ("advertise", discovery.Advertise.ToList()),
                ("request", discovery.Request.ToList()));
            AddIf(section, discovery.Key is not null, "key", discovery.Key);
            root["discovery"] = section;
        }

        if (configuration.Api is { } api)
        {
            var section = Obj(("address", api.Address));
            AddIf(section, api.ApiKeyFile is not null, "api_key_file", api.ApiKeyFile);
            AddIf(section, api.ApiKeyEnv is not null, "api_key_env", api.ApiKeyEnv);
            root["api"] = section;
        }

        return ConfigValue.FromObject(root);
    }

    /// <summary>Converts one overlay definition to its configuration-file form.</summary>
    /// <param name="overlay">The overlay.</param>
    /// <returns>An object value.</returns>
    public static ConfigValue ToValue(OverlayDefinition overlay)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        var result = new Dictionary<string, object?>
        {
            ["class"] = overlay.Class,
            ["walkers"] = overlay.Walkers.Select(w => Obj(("strategy", w.Strategy), ("peers", w.Peers), ("init", w.Init))).ToList(),
            ["bootstrappers"] = overlay.Bootstrappers.Select(b => Obj(("class", b.Class), ("init", b.Init))).ToList(),
            ["initialize"] = overlay.Initialize,
            ["on_start"] = overlay.OnStart.Select(c => (object?)new object?[] { c.Method }.Concat(c.Arguments).ToList()).ToList(),
        };
        AddIf(result, overlay.Key is not null, "key", overlay.Key);
        AddIf(result, overlay.Name != overlay.Class, "name", overlay.Name);
        AddIf(result, overlay.After.Count > 0, "after", overlay.After.ToList());
        AddIf(result, overlay.Conditions.Count > 0, "conditions", overlay.Conditions.ToList());
        AddIf(result, !overlay.Enabled, "enabled", false);
        AddIf(result, overlay.CommunityId is not null, "community_id", overlay.CommunityId);
        if (overlay.Launcher is { } launcher)
        {
            // A launcher entry writes only what was given beside it; the rest is the launcher's declaration.
            var entry = result.Where(p => overlay.GivenSettings.Contains(p.Key)).Prepend(KeyValuePair.Create("launcher", (object?)launcher));
            return ConfigValue.FromObject(entry.ToDictionary(p => p.Key, p => p.Value));
        }

        return ConfigValue.FromObject(result);
    }

    /// <summary>Writes the configuration as compact JSON.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(LauncherConfiguration configuration) => ToValue(configuration).ToJson();

    /// <summary>Converts a value to a node tree whose every node has <paramref name="origin"/> (to validate builder output).</summary>
    internal static ConfigNode ToNode(ConfigValue value, Origin origin)
    {
        var node = new ConfigNode(value.Kind, origin);
        switch (value.Kind)
        {
            case ConfigValueKind.Boolean: node.Boolean = value.AsBoolean(); break;
            case ConfigValueKind.Number: node.Number = value.AsNumber(); break;
            case ConfigValueKind.String: node.String = value.AsString(); break;
            case ConfigValueKind.Array: node.Items.AddRange(value.Items.Select(i => ToNode(i, origin))); break;
            case ConfigValueKind.Object:
                node.Properties.AddRange(value.Properties.Select(p => new ConfigProperty(p.Key, origin, ToNode(p.Value, origin))));
                break;
        }

        return node;
    }

    private static Dictionary<string, object?> Key(KeyDefinition key)
    {
        var result = Obj(("alias", key.Alias), ("generation", key.Generation));
        AddIf(result, key.File is not null, "file", key.File);
        AddIf(result, key.Bin is not null, "bin", key.Bin);
        AddIf(result, key.Ephemeral, "ephemeral", true);
        return result;
    }

    private static Dictionary<string, object?> WriteInterface(InterfaceDefinition definition)
    {
        var entry = Obj(("interface", definition.Interface), ("ip", definition.Ip), ("port", definition.Port));
        AddIf(entry, definition.ReceiveWorkers is not null, "receive_workers", definition.ReceiveWorkers);
        AddIf(entry, definition.ReceiveBuffer is not null, "receive_buffer", definition.ReceiveBuffer);
        AddIf(entry, definition.ReceiveShards is not null, "receive_shards", definition.ReceiveShards);
        return entry;
    }

    private static Dictionary<string, object?> Obj(params (string Key, object? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static void AddIf(Dictionary<string, object?> target, bool condition, string key, object? value)
    {
        if (condition)
        {
            target[key] = value;
        }
    }
}
