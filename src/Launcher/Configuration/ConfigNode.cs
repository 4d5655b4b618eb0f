using Launcher.Definitions;

namespace Launcher.Configuration;

/// <summary>
/// A parsed configuration value that remembers its position: the common tree produced by the YAML and JSON
/// readers, validated against the schema and then bound to definitions. Mutable only while loading
/// (override layers replace values in place).
/// </summary>
internal sealed class ConfigNode
{
    public ConfigNode(ConfigValueKind kind, Origin origin)
    {
        Kind = kind;
        Origin = origin;
    }

    public ConfigValueKind Kind { get; set; }

    public Origin Origin { get; set; }

    public double Number { get; set; }

    public bool Boolean { get; set; }

    public string String { get; set; } = "";

    public List<ConfigNode> Items { get; } = [];

    public List<ConfigProperty> Properties { get; } = [];

    /// <summary>The JSON-schema type name of this node ("integer" for whole numbers).</summary>
    public string TypeName => Kind switch
    {
        ConfigValueKind.Number when double.IsFinite(Number) && Math.Floor(Number) == Number => "integer",
        ConfigValueKind.Number => "number",
        _ => Kind.ToString().ToLowerInvariant(),
    };

    public static string Child(string path, string name) => path.Length == 0 ? name : path + "." + name;

    public static string Child(string path, int index) => $"{path}[{index}]";

    public ConfigNode? Get(string name)
    {
        foreach (var property in Properties)
        {
            if (property.Name == name)
            {
                return property.Value;
            }
        }

        return null;
    }

    public ConfigValue ToValue() => Kind switch
    {
        ConfigValueKind.Null => ConfigValue.Null,
        ConfigValueKind.Boolean => ConfigValue.FromBoolean(Boolean),
        ConfigValueKind.Number => ConfigValue.FromNumber(Number),
        ConfigValueKind.String => ConfigValue.FromString(String),
        ConfigValueKind.Array => ConfigValue.FromArray(Items.Select(i => i.ToValue())),
        _ => ConfigValue.FromObject(ToSettings()),
    };

    public SettingsMap ToSettings() =>
        SettingsMap.From(Properties.Select(p => KeyValuePair.Create(p.Name, p.Value.ToValue())));
}
