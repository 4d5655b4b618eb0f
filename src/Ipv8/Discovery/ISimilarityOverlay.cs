using Ipv8.Messaging;

namespace Ipv8.Discovery;

/// <summary>An overlay that can tell a peer which overlays each local identity runs (DiscoveryCommunity; used by PeriodicSimilarity).</summary>
public interface ISimilarityOverlay : IDiscoveryOverlay
{
    /// <summary>
    /// Sends one similarity request per local identity to <paramref name="address"/> (spec 7.2), each signed with that identity
    /// and listing the ids of the local overlays using it. Call under the network lock. Never throws for network faults.
    /// </summary>
    void SendSimilarityRequest(UdpAddress address);
}
