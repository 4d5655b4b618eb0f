namespace Launcher.Attributes;

/// <summary>Names overlays that must launch before this one (py-ipv8 <c>@after</c>); absent or disabled ones are ignored.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AfterAttribute : Attribute
{
    /// <summary>Declares launch-order dependencies.</summary>
    /// <param name="names">Overlay (launcher) names.</param>
    public AfterAttribute(params string[] names) => Names = names;

    /// <summary>The overlay names.</summary>
    public IReadOnlyList<string> Names { get; }
}
