namespace Launcher.Attributes;

/// <summary>
/// Namespaces the node looks for while this launcher's overlay runs (added to the configuration's <c>discovery</c>
/// section's <c>request</c> list when the launcher is used, and so reported under <c>discovered</c>). Without a
/// <c>discovery</c> section with an interface, the model refuses to build, naming the launcher.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class RequestNamespaceAttribute : Attribute
{
    /// <summary>Declares namespaces to look for.</summary>
    /// <param name="namespaces">The namespaces (each 1-255 UTF-8 bytes).</param>
    public RequestNamespaceAttribute(params string[] namespaces) => Namespaces = namespaces;

    /// <summary>Gets the namespaces.</summary>
    public IReadOnlyList<string> Namespaces { get; }
}
