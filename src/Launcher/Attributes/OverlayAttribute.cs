namespace Launcher.Attributes;

/// <summary>
/// Names the overlay a launcher class launches (py-ipv8 <c>@overlay</c>). Use a type, or a type name that the
/// component catalog resolves lazily (for overlays that live in a plugin).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class OverlayAttribute : Attribute
{
    /// <summary>Launches <paramref name="overlayType"/>.</summary>
    /// <param name="overlayType">The overlay type (its catalog name is used).</param>
    public OverlayAttribute(Type overlayType)
    {
        ArgumentNullException.ThrowIfNull(overlayType);
        OverlayType = overlayType;
        ClassName = Catalog.ComponentNaming.NameOf(overlayType);
    }

    /// <summary>Launches the overlay the catalog knows as <paramref name="className"/>.</summary>
    /// <param name="className">The overlay class (catalog) name.</param>
    public OverlayAttribute(string className) => ClassName = className;

    /// <summary>The overlay type, when given as a type.</summary>
    public Type? OverlayType { get; }

    /// <summary>The overlay class name (py-ipv8 <c>class</c>).</summary>
    public string ClassName { get; }

    /// <summary>Alias of the key the overlay uses. Default <c>anonymous id</c>.</summary>
    public string? Key { get; set; }

    /// <summary>
    /// Optional settings type: a class with a public parameterless constructor whose public properties (in
    /// snake_case, null ones omitted) become the overlay's <c>initialize</c> settings.
    /// </summary>
    public Type? Settings { get; set; }

    /// <summary>Community id as 40 hex digits, for generic overlays; null when the class defines it.</summary>
    public string? CommunityId { get; set; }
}
