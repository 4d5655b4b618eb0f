namespace Launcher.Attributes;

/// <summary>Gives a component (overlay, strategy, bootstrapper, condition, launcher) a catalog name other than its class name.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ComponentNameAttribute : Attribute
{
    /// <summary>Sets the catalog name.</summary>
    /// <param name="name">The name configuration files use.</param>
    public ComponentNameAttribute(string name) => Name = name;

    /// <summary>The catalog name.</summary>
    public string Name { get; }
}
