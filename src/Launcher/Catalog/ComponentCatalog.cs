using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Launcher.Catalog;

/// <summary>
/// The immutable component catalog, built once (see <see cref="ComponentCatalogBuilder"/>): every launcher,
/// overlay, walk strategy, bootstrapper and launch condition found in the core, launcher and plugin
/// assemblies, by name. All name resolution happens here; an unknown name lists the known ones and the
/// closest match.
/// </summary>
public sealed partial class ComponentCatalog
{
    private readonly ImmutableDictionary<ComponentKind, ImmutableDictionary<string, ComponentDescriptor>> _byName;

    internal ComponentCatalog(ImmutableDictionary<ComponentKind, ImmutableDictionary<string, ComponentDescriptor>> byName) => _byName = byName;

    /// <summary>Returns the components of a kind, ordered by name (replaced components excluded; aliases not repeated).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The components.</returns>
    public IReadOnlyList<ComponentDescriptor> Components(ComponentKind kind) =>
        _byName.TryGetValue(kind, out var map)
            ? [.. map.Values.Distinct().OrderBy(d => d.Name, StringComparer.Ordinal)]
            : [];

    /// <summary>Returns every name that resolves for a kind (including names of replaced components).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The names, ordered.</returns>
    public IReadOnlyList<string> Names(ComponentKind kind) =>
        _byName.TryGetValue(kind, out var map) ? [.. map.Keys.Order(StringComparer.Ordinal)] : [];

    /// <summary>Tells whether the catalog knows <paramref name="kind"/> (built-in kinds always; extension kinds once registered, see <see cref="ComponentCatalogBuilder.AddKind"/>).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>True when components of that kind were looked for.</returns>
    public bool Knows(ComponentKind kind) => _byName.ContainsKey(kind);

    /// <summary>Looks a component up by name (exact, case-sensitive).</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="name">The name.</param>
    /// <param name="component">The component, when found.</param>
    /// <returns>True when found.</returns>
    public bool TryResolve(ComponentKind kind, string name, [NotNullWhen(true)] out ComponentDescriptor? component)
    {
        component = null;
        return _byName.TryGetValue(kind, out var map) && map.TryGetValue(name, out component);
    }

    /// <summary>Looks a component up by name.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="name">The name.</param>
    /// <returns>The component.</returns>
    /// <exception cref="KeyNotFoundException">Unknown name; the message lists known names and the closest match.</exception>
    public ComponentDescriptor Resolve(ComponentKind kind, string name) =>
        TryResolve(kind, name, out var component) ? component : throw new KeyNotFoundException(UnknownMessage(kind, name));

    /// <summary>The "unknown name" message: known names and the closest match.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="name">The unknown name.</param>
    /// <returns>The message.</returns>
    public string UnknownMessage(ComponentKind kind, string name) => NameSuggestions.Unknown(KindText(kind), name, Names(kind));

    /// <summary>Human text for a kind, e.g. <c>walk strategy</c>.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The text.</returns>
    public static string KindText(ComponentKind kind) => kind switch
    {
        ComponentKind.WalkStrategy => "walk strategy",
        ComponentKind.Overlay => "overlay class",
        ComponentKind.DiscoveryInterface => "discovery interface",
        ComponentKind.PipeHandler => "pipe handler",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
