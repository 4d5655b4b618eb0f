using Ipv8.Keys;
using Ipv8.Messaging;

namespace Ipv8.Tracker;

/// <summary>A registered peer: its key, proven address, LAN address and the communities it is registered in.</summary>
internal sealed class TrackerPeer(PublicKey key, UdpAddress address, DateTimeOffset created, long sequence)
{
    public PublicKey Key { get; } = key;

    public UdpAddress Address { get; set; } = address;

    public UdpAddress LanAddress { get; set; }

    public DateTimeOffset Created { get; } = created;

    /// <summary>Gets the registration order (ties on <see cref="Created"/> are broken by it).</summary>
    public long Sequence { get; } = sequence;

    public DateTimeOffset LastResponse { get; set; } = created;

    public DateTimeOffset? PingedAt { get; set; }

    /// <summary>Gets or sets the position in the tracker's list of all peers (for O(1) removal).</summary>
    public int Index { get; set; }

    public List<TrackerCommunity> Services { get; } = new(1);
}
