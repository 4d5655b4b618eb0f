using Ipv8.Messaging;

namespace Ipv8.Communities;

/// <content>The counters snapshot exposed to operators.</content>
public partial class Community
{
    private static readonly IReadOnlyDictionary<string, long> EmptyCounters = new Dictionary<string, long>();

    /// <summary>
    /// Returns a snapshot of this community's counters: drops by reason, the receive limiter, the endpoint, the bounds
    /// of the network and request cache, and the trust rules. Thread-safe; allocates a new snapshot.
    /// </summary>
    public CommunityCounters GetCounters()
    {
        var drops = new Dictionary<DropReason, long>();
        foreach (var reason in Enum.GetValues<DropReason>())
        {
            drops[reason] = Drops[reason];
        }

        var endpoint = Endpoint.Counters;
        return new CommunityCounters
        {
            Drops = drops,
            Limiter = ReceiveLimiter.Counters.Snapshot(),
            EndpointPacketsIn = endpoint.PacketsIn,
            EndpointBytesIn = endpoint.BytesIn,
            EndpointPacketsOut = endpoint.PacketsOut,
            EndpointBytesOut = endpoint.BytesOut,
            EndpointDrops = endpoint.Drops.Snapshot(),
            NetworkRefusedPeers = Network.RefusedPeers,
            NetworkEvictedAddresses = Network.EvictedAddresses,
            NetworkRefusedServices = Network.RefusedServices,
            RequestCacheRefused = RequestCache.RefusedFull,
            RequestCacheTimedOut = RequestCache.TimedOut,
            Trust = Trust.Snapshot(),
            Overlay = GetOverlayCounters(),
        };
    }

    /// <summary>
    /// Returns the counters a subclass adds to <see cref="GetCounters"/> (<see cref="CommunityCounters.Overlay"/>), by
    /// snake_case name with the overlay's own prefix (e.g. <c>rendezvous_registrations</c>). Default: none. Must be
    /// thread-safe.
    /// </summary>
    protected virtual IReadOnlyDictionary<string, long> GetOverlayCounters() => EmptyCounters;
}
