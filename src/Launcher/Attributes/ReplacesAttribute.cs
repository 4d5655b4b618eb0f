namespace Launcher.Attributes;

/// <summary>
/// Marks a component as replacing another of the same kind: the replaced one leaves the catalog and its name
/// resolves to this one, instead of the two being reported as duplicates.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ReplacesAttribute : Attribute
{
    /// <summary>Replaces <paramref name="replaced"/>.</summary>
    /// <param name="replaced">The replaced component type.</param>
    public ReplacesAttribute(Type replaced)
    {
        ArgumentNullException.ThrowIfNull(replaced);
        ReplacedType = replaced;
        ReplacedName = Catalog.ComponentNaming.NameOf(replaced);
    }

    /// <summary>Replaces the component the catalog knows as <paramref name="replacedName"/>.</summary>
    /// <param name="replacedName">The replaced component's name.</param>
    public ReplacesAttribute(string replacedName) => ReplacedName = replacedName;

    /// <summary>The replaced type, when given as a type.</summary>
    public Type? ReplacedType { get; }

    /// <summary>The replaced component's name.</summary>
    public string ReplacedName { get; }
}
