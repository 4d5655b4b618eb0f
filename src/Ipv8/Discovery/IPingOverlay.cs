using Ipv8.Peers;

namespace Ipv8.Discovery;

/// <summary>An overlay that can ping peers to measure liveness and round-trip time (DiscoveryCommunity; used by RandomChurn).</summary>
public interface IPingOverlay : IDiscoveryOverlay
{
    /// <summary>
    /// Sends an unsigned ping to <paramref name="peer"/>'s address; a matching pong appends the round-trip time
    /// to <see cref="Peer.AddPing"/>. Call under <see cref="Network.SyncRoot"/>. Never throws for network faults.
    /// </summary>
    void SendPing(Peer peer);
}
