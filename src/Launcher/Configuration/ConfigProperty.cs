using Launcher.Definitions;

namespace Launcher.Configuration;

/// <summary>A property of an object <see cref="ConfigNode"/>, with the position of its key.</summary>
internal sealed class ConfigProperty(string name, Origin keyOrigin, ConfigNode value)
{
    public string Name { get; } = name;

    public Origin KeyOrigin { get; } = keyOrigin;

    public ConfigNode Value { get; set; } = value;
}
