namespace Launcher.Catalog;

/// <summary>One catalog entry: a component type, its name and where it comes from.</summary>
/// <param name="Kind">The component kind.</param>
/// <param name="Name">The catalog name (class name unless renamed with <c>[ComponentName]</c>).</param>
/// <param name="Type">The component type.</param>
public sealed record ComponentDescriptor(ComponentKind Kind, string Name, Type Type)
{
    /// <summary>The simple name of the assembly defining the component.</summary>
    public string AssemblyName => Type.Assembly.GetName().Name ?? Type.Assembly.FullName ?? "?";

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Type.FullName}, assembly {AssemblyName})";
}
