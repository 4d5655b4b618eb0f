namespace Launcher.Attributes;

/// <summary>Overrides a launcher's overlay name (default: the launcher class name), py-ipv8 <c>@name</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NameAttribute : Attribute
{
    /// <summary>Sets the name.</summary>
    /// <param name="name">The overlay name.</param>
    public NameAttribute(string name) => Name = name;

    /// <summary>The overlay name.</summary>
    public string Name { get; }
}
