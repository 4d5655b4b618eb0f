using System.Reflection;
using Launcher.Attributes;

namespace Launcher.Catalog;

/// <summary>How a component type is named in the catalog: its <see cref="ComponentNameAttribute"/>, else its class name.</summary>
public static class ComponentNaming
{
    /// <summary>Returns the catalog name of <paramref name="type"/> (generic arity suffix removed).</summary>
    /// <param name="type">The component type.</param>
    /// <returns>The name.</returns>
    public static string NameOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.GetCustomAttribute<ComponentNameAttribute>() is { } attribute)
        {
            return attribute.Name;
        }

        var tick = type.Name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? type.Name : type.Name[..tick];
    }
}
