using Ipv8.Messaging;

namespace Ipv8.Bootstrapping;

/// <summary>One address in a peer cache.</summary>
/// <param name="Address">The address to walk to.</param>
/// <param name="LastSeen">When the peer last answered (verified peers) or when the address was last walkable.</param>
/// <param name="Mid">The peer's mid in lower-case hex when it was a verified peer; null for an address only known as walkable.</param>
public sealed record PeerCacheEntry(UdpAddress Address, DateTimeOffset LastSeen, string? Mid);
