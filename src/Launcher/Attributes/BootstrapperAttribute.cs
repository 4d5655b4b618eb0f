namespace Launcher.Attributes;

/// <summary>Adds a bootstrapper to a launcher (py-ipv8 <c>@bootstrapper</c>); stack several.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class BootstrapperAttribute : Attribute
{
    /// <summary>Adds <paramref name="bootstrapperType"/>.</summary>
    /// <param name="bootstrapperType">The bootstrapper type (its catalog name is used).</param>
    public BootstrapperAttribute(Type bootstrapperType)
    {
        ArgumentNullException.ThrowIfNull(bootstrapperType);
        BootstrapperType = bootstrapperType;
        ClassName = Catalog.ComponentNaming.NameOf(bootstrapperType);
    }

    /// <summary>Adds the bootstrapper the catalog knows as <paramref name="className"/>.</summary>
    /// <param name="className">The bootstrapper name, e.g. <c>DispersyBootstrapper</c>.</param>
    public BootstrapperAttribute(string className) => ClassName = className;

    /// <summary>The bootstrapper type, when given as a type.</summary>
    public Type? BootstrapperType { get; }

    /// <summary>The bootstrapper class name.</summary>
    public string ClassName { get; }

    /// <summary>Optional settings type whose public properties (snake_case, nulls omitted) become the bootstrapper's <c>init</c>.</summary>
    public Type? Settings { get; set; }
}
