using Launcher.Definitions;

namespace Launcher.Launching;

/// <summary>A walk strategy or bootstrapper resolved from its configured name, with its bound and validated options.</summary>
/// <param name="Name">The configured name.</param>
/// <param name="Type">The component type.</param>
/// <param name="Options">The options (the type declared by <c>[ComponentOptions]</c>), or null when the component takes none.</param>
/// <param name="TargetPeers">For a walker, the peer count it walks towards (<c>peers</c>, -1 = unbounded); -1 for a bootstrapper.</param>
/// <param name="Origin">Where it was declared.</param>
public sealed record ResolvedComponent(string Name, Type Type, object? Options, int TargetPeers, Origin Origin);
