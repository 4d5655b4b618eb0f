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
            EndpointDrops = endpoint.Drops.NonZero(),
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
    /// Gets the community's meters: every counter of <see cref="GetCounters"/> is an observable instrument named as in
    /// <see cref="CommunityCounters.ToFlatDictionary"/> (drops on <c>Ipv8.Communities</c> as <c>bad_signature</c>, ...,
    /// <c>trust_*</c>, <c>network_*</c>, <c>request_cache_*</c>; the receive limiter's <c>limiter_*</c> and the endpoint's
    /// <c>endpoint_*</c> and <c>endpoint_drop_*</c> on <c>Ipv8.Messaging</c>), reading the same values, tagged with
    /// <c>community</c> (the type name), <c>community_id</c> and <c>peer</c> (our mid), both in hex. A subclass publishes
    /// its own counters here (<see cref="ComponentMeters.Publish"/>). Disposed on <see cref="UnloadAsync"/> unless they came
    /// from <see cref="CommunitySettings.MeterFactory"/>.
    /// </summary>
    protected internal ComponentMeters Meters { get; }

    /// <summary>
    /// Returns the counters a subclass adds to <see cref="GetCounters"/> (<see cref="CommunityCounters.Overlay"/>), by
    /// snake_case name with the overlay's own prefix (e.g. <c>rendezvous_registrations</c>). Default: none. Must be
    /// thread-safe.
    /// </summary>
    protected virtual IReadOnlyDictionary<string, long> GetOverlayCounters() => EmptyCounters;

    private void PublishCounters()
    {
        const string communities = "Ipv8.Communities", messaging = "Ipv8.Messaging";
        Meters.Publish(communities, Drops, string.Empty);
        Meters.Publish(communities, _trust.Counters, "trust_");
        Meters.PublishCounter(communities, "network_refused_peers", () => Network.RefusedPeers);
        Meters.PublishCounter(communities, "network_evicted_addresses", () => Network.EvictedAddresses);
        Meters.PublishCounter(communities, "network_refused_services", () => Network.RefusedServices);
        Meters.PublishCounter(communities, "request_cache_refused", () => RequestCache.RefusedFull);
        Meters.PublishCounter(communities, "request_cache_timed_out", () => RequestCache.TimedOut);

        // The limiter and the endpoint may be shared with other overlays: each overlay reports them, as GetCounters does.
        Meters.Publish(messaging, ReceiveLimiter.Counters, "limiter_");
        Meters.Publish(messaging, Endpoint.Counters.Traffic, "endpoint_");
        Meters.Publish(messaging, Endpoint.Counters.Drops, "endpoint_drop_");
    }
}
