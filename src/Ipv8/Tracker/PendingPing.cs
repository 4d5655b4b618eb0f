using Ipv8.Keys;
using Ipv8.Messaging;

namespace Ipv8.Tracker;

/// <summary>
/// An introduction-request the tracker sent and expects a response to, keyed by its 16-bit identifier: either a
/// proof ping (to an unproven requester, carrying the request to answer once the address is proven) or a liveness ping.
/// </summary>
internal sealed class PendingPing
{
    public required ushort Identifier { get; init; }

    public required UdpAddress Address { get; init; }

    public required PublicKey Key { get; init; }

    public required PrefixKey PrefixKey { get; init; }

    public required byte[] Prefix { get; init; }

    public required DateTimeOffset Deadline { get; init; }

    /// <summary>Gets a value indicating whether this proves an unproven requester (else it is a liveness ping).</summary>
    public bool IsProof { get; init; }

    /// <summary>Gets the deferred request's <c>destination_address</c> (proof pings only).</summary>
    public UdpAddress RequestDestination { get; init; }

    /// <summary>Gets the deferred request's <c>source_lan_address</c> (proof pings only).</summary>
    public UdpAddress RequestLan { get; init; }

    /// <summary>Gets the deferred request's identifier (proof pings only).</summary>
    public ushort RequestIdentifier { get; init; }
}
