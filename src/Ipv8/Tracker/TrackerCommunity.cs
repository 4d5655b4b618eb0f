using Ipv8.Messaging;
namespace Ipv8.Tracker;

/// <summary>A community (service) the tracker knows: its prefix and its registered peers in joining order.</summary>
internal sealed class TrackerCommunity(PrefixKey key, byte[] prefix)
{
    public PrefixKey Key { get; } = key;

    /// <summary>Gets the 22-byte prefix (version byte and service id) answers are sent under.</summary>
    public byte[] Prefix { get; } = prefix;

    public List<TrackerPeer> Peers { get; } = [];
}
