namespace Launcher.Attributes;

/// <summary>
/// Namespaces the node advertises while this launcher's overlay runs (added to the configuration's <c>discovery</c>
/// section's <c>advertise</c> list when the launcher is used; the section's interfaces say where). Without a
/// <c>discovery</c> section with an interface, the model refuses to build, naming the launcher.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AdvertiseAttribute : Attribute
{
    /// <summary>Declares namespaces to advertise.</summary>
    /// <param name="namespaces">The namespaces (each 1-255 UTF-8 bytes).</param>
    public AdvertiseAttribute(params string[] namespaces) => Namespaces = namespaces;

    /// <summary>Gets the namespaces.</summary>
    public IReadOnlyList<string> Namespaces { get; }
}
