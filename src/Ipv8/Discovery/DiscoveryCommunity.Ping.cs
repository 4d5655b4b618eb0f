using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;
using Ipv8.Peers;
using Microsoft.Extensions.Logging;

namespace Ipv8.Discovery;

/// <content>Ping and pong (spec 7.1, 7.2).</content>
public sealed partial class DiscoveryCommunity
{
    /// <inheritdoc/>
    /// <remarks>
    /// Claims a global time g, registers a ping cache entry numbered g mod 65 536 (not registered when one with that number is
    /// still outstanding or the cache is full; the ping is sent anyway) and sends ping(g) to the peer's preferred address.
    /// </remarks>
    public void SendPing(Peer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        lock (Network.SyncRoot)
        {
            var globalTime = MyPeer.ClaimGlobalTime();
            var identifier = (ushort)(globalTime % 65536);
            RequestCache.TryAdd(new PingRequestCacheEntry(identifier, peer, TimeProvider.GetTimestamp()));
            SendUnsigned(peer.Address, PingPayload.MessageId, new PingPayload(identifier), globalTime);
        }
    }

    private void OnPing(UdpAddress source, ulong globalTime, PingPayload payload)
        => SendUnsigned(source, PongPayload.MessageId, new PongPayload(payload.Identifier));

    private void OnPong(UdpAddress source, ulong globalTime, PongPayload payload)
    {
        if (RequestCache.Get(PingCachePrefix, payload.Identifier) is not PingRequestCacheEntry entry
            || !(entry.Peer.HasAddress(source) || entry.Peer.Address == source))
        {
            Drops.Increment(DropReason.Unexpected);
            if (Logger.IsEnabled(LogLevel.Debug))
            {
                Log.UnmatchedPong(Logger, source);
            }

            return;
        }

        RequestCache.TryPop(PingCachePrefix, payload.Identifier, out _);
        entry.Peer.AddPing(TimeProvider.GetElapsedTime(entry.StartTimestamp));
        PongsMatched++;
    }
}
