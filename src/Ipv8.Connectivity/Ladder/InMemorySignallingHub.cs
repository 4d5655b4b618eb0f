using System.Collections.Concurrent;
using Ipv8.Keys;

namespace Ipv8.Connectivity.Ladder;

/// <summary>An in-process signalling network: each node gets a channel by its key; requests are delivered to the target's handler with the sender's key.</summary>
public sealed class InMemorySignallingHub
{
    private readonly ConcurrentDictionary<PublicKey, InMemorySignallingChannel> _channels = new();

    /// <summary>Gets (or creates) the channel of the node with <paramref name="key"/>.</summary>
    public ISignallingChannel ChannelFor(PublicKey key) => _channels.GetOrAdd(key, k => new InMemorySignallingChannel(this, k));

    internal bool TryGet(PublicKey key, out InMemorySignallingChannel channel) => _channels.TryGetValue(key, out channel!);
}
