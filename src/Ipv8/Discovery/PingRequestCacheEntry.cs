using Ipv8.Communities;
using Ipv8.Peers;

namespace Ipv8.Discovery;

/// <summary>An outstanding ping of the DiscoveryCommunity (py-ipv8 <c>PingRequestCache</c>): times out after 5 s doing nothing.</summary>
internal sealed class PingRequestCacheEntry(long number, Peer peer, long startTimestamp)
    : RequestCacheEntry(DiscoveryCommunity.PingCachePrefix, number)
{
    public Peer Peer { get; } = peer;

    public long StartTimestamp { get; } = startTimestamp;

    public override TimeSpan Timeout => DiscoveryCommunity.PingTimeout;
}
