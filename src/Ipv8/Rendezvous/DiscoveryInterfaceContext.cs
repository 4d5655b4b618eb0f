using Ipv8.Peers;

namespace Ipv8.Rendezvous;

/// <summary>What a factory of a <see cref="DiscoveryInterfaceCatalog"/> gets to build an interface from.</summary>
/// <param name="Rendezvous">The node's rendezvous overlay.</param>
/// <param name="Network">The node's network (verified peers of every overlay).</param>
/// <param name="Init">The interface's settings, as a launcher read them (e.g. a file's <c>init</c> object; null when none).</param>
public sealed record DiscoveryInterfaceContext(RendezvousCommunity Rendezvous, Network Network, object? Init);
