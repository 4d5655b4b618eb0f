using Launcher.Definitions;

namespace Launcher.Launching;

/// <summary>
/// The <c>discovery</c> section resolved when the model is built: its interfaces' classes with bound, validated options,
/// and the name of the rendezvous overlay the section adds to the plan (launched first, so that overlays built after it
/// can take the node's <c>IDiscoveryManager</c> in their constructor).
/// </summary>
/// <param name="Definition">The section as declared.</param>
/// <param name="Interfaces">The interfaces, in declaration order.</param>
/// <param name="OverlayName">The name of the rendezvous overlay in the plan (<see cref="DiscoveryResolver.RendezvousOverlayName"/>).</param>
public sealed record ResolvedDiscovery(DiscoveryDefinition Definition, IReadOnlyList<ResolvedComponent> Interfaces, string OverlayName);
