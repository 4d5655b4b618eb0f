using System.Collections;
using System.Globalization;
using Launcher.Definitions;
using Microsoft.Extensions.Configuration;

namespace Launcher.Configuration;

/// <summary>
/// Applies override layers to a parsed file. The layers are assembled with Microsoft.Extensions.Configuration
/// (JSON override files through the Configuration.Json provider, environment variables and explicit overrides
/// as in-memory sources), which flattens them to <c>path:segments</c> → text. Each leaf is then written into
/// the typed tree: the text takes the type of the value it replaces (or YAML plain-scalar typing for new
/// values), and the node's origin becomes the override's origin so later errors name the variable or file.
/// </summary>
internal static class OverrideLayer
{
    public static List<ConfigurationOverride> Apply(ConfigNode root, ConfigurationLoadOptions options, ErrorList errors)
    {
        var builder = new ConfigurationBuilder();
        var origins = new List<Func<string, Origin>>();
        foreach (var file in options.OverrideFiles)
        {
            builder.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);
            origins.Add(_ => new Origin($"override file {file}"));
        }

        var prefix = options.EnvironmentPrefix;
        if (prefix.Length > 0)
        {
            builder.AddInMemoryCollection(ReadEnvironment(options, prefix));
            origins.Add(key => Origin.FromEnvironment(prefix + key.Replace(":", "__", StringComparison.Ordinal)));
        }

        builder.AddInMemoryCollection(options.Overrides.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)));
        origins.Add(key => new Origin($"override {key}"));

        IConfigurationRoot layers;
        try
        {
            layers = builder.Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            errors.Add(new Origin("override files"), "", ex.Message);
            return [];
        }

        var applied = new List<ConfigurationOverride>();
        foreach (var (key, value) in layers.AsEnumerable().Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var providerIndex = LastProviderWith(layers, key);
            var origin = origins[providerIndex](key);
            var path = ApplyOne(root, key.Split(':'), value!, origin, errors);
            if (path is not null)
            {
                applied.Add(new ConfigurationOverride(path, value!, origin));
            }
        }

        return applied;
    }

    private static IEnumerable<KeyValuePair<string, string?>> ReadEnvironment(ConfigurationLoadOptions options, string prefix)
    {
        IEnumerable<KeyValuePair<string, string>> variables = options.Environment
            ?? System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
                .Select(e => KeyValuePair.Create((string)e.Key, (string?)e.Value ?? ""));
        return variables
            .Where(v => v.Key.StartsWith(prefix, StringComparison.Ordinal) && v.Key.Length > prefix.Length)
            .Select(v => KeyValuePair.Create(v.Key[prefix.Length..].Replace("__", ":", StringComparison.Ordinal), (string?)v.Value));
    }

    private static int LastProviderWith(IConfigurationRoot layers, string key)
    {
        var providers = layers.Providers.ToList();
        for (var i = providers.Count - 1; i >= 0; i--)
        {
            if (providers[i].TryGet(key, out _))
            {
                return i;
            }
        }

        return providers.Count - 1;
    }

    private static string? ApplyOne(ConfigNode root, string[] segments, string text, Origin origin, ErrorList errors)
    {
        var node = root;
        var path = "";
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            if (node.Kind == ConfigValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                path = ConfigNode.Child(path, index);
                if (index > node.Items.Count)
                {
                    errors.Add(origin, path, $"index {index} is beyond the end of the list ({node.Items.Count} items)");
                    return null;
                }

                if (index == node.Items.Count)
                {
                    node.Items.Add(NewNode(segments, i, text, origin));
                }
                else if (last)
                {
                    node.Items[index] = Typed(node.Items[index], text, origin);
                }

                node = node.Items[index];
                continue;
            }

            if (node.Kind != ConfigValueKind.Object)
            {
                errors.Add(origin, path, $"cannot set '{segment}' inside a {node.TypeName}");
                return null;
            }

            var property = node.Properties.FirstOrDefault(p => p.Name == segment)
                ?? node.Properties.FirstOrDefault(p => string.Equals(p.Name, segment, StringComparison.OrdinalIgnoreCase));
            path = ConfigNode.Child(path, property?.Name ?? segment);
            if (property is null)
            {
                property = new ConfigProperty(segment, origin, NewNode(segments, i, text, origin));
                node.Properties.Add(property);
            }
            else if (last)
            {
                property.Value = Typed(property.Value, text, origin);
            }

            node = property.Value;
        }

        if (node.Kind is ConfigValueKind.Object or ConfigValueKind.Array && node.Origin != origin)
        {
            errors.Add(origin, path, $"cannot replace a whole {node.TypeName} with a single value");
            return null;
        }

        return path;
    }

    private static ConfigNode NewNode(string[] segments, int i, string text, Origin origin)
    {
        if (i == segments.Length - 1)
        {
            return YamlNodeReader.ResolvePlain(text, origin);
        }

        var nextIsIndex = int.TryParse(segments[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out _);
        return new ConfigNode(nextIsIndex ? ConfigValueKind.Array : ConfigValueKind.Object, origin);
    }

    private static ConfigNode Typed(ConfigNode existing, string text, Origin origin)
    {
        switch (existing.Kind)
        {
            case ConfigValueKind.String:
                return new ConfigNode(ConfigValueKind.String, origin) { String = text };
            case ConfigValueKind.Number when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                return new ConfigNode(ConfigValueKind.Number, origin) { Number = number };
            case ConfigValueKind.Boolean when bool.TryParse(text, out var flag):
                return new ConfigNode(ConfigValueKind.Boolean, origin) { Boolean = flag };
            case ConfigValueKind.Object or ConfigValueKind.Array:
                return existing;
            default:
                return YamlNodeReader.ResolvePlain(text, origin);
        }
    }
}
