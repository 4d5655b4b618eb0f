using Ipv8.Messaging;

namespace Ipv8.Communities;

/// <summary>
/// An immutable snapshot of a community's counters (<see cref="Community.GetCounters"/>): its drops by reason, its receive
/// limiter, its endpoint's traffic and drops (shared by the overlays on that endpoint), and the bounds of its network and
/// request cache that bite under load.
/// </summary>
public sealed record CommunityCounters
{
    /// <summary>Gets the community's drops for every <see cref="DropReason"/> (zeros included).</summary>
    public required IReadOnlyDictionary<DropReason, long> Drops { get; init; }

    /// <summary>Gets the receive limiter's counters by snake_case name (see <see cref="ReceiveLimiterCounter"/>).</summary>
    public required IReadOnlyDictionary<string, long> Limiter { get; init; }

    /// <summary>Gets the datagrams the endpoint received.</summary>
    public required long EndpointPacketsIn { get; init; }

    /// <summary>Gets the bytes the endpoint received.</summary>
    public required long EndpointBytesIn { get; init; }

    /// <summary>Gets the datagrams the endpoint sent.</summary>
    public required long EndpointPacketsOut { get; init; }

    /// <summary>Gets the bytes the endpoint sent.</summary>
    public required long EndpointBytesOut { get; init; }

    /// <summary>Gets the endpoint's non-zero drops by reason (unknown prefix, too short, send failures, ...).</summary>
    public required IReadOnlyDictionary<DropReason, long> EndpointDrops { get; init; }

    /// <summary>Gets the peers refused because <c>NetworkOptions.MaxVerifiedPeers</c> was reached.</summary>
    public required long NetworkRefusedPeers { get; init; }

    /// <summary>Gets the walkable addresses evicted because <c>NetworkOptions.MaxKnownAddresses</c> was reached.</summary>
    public required long NetworkEvictedAddresses { get; init; }

    /// <summary>Gets the service records refused because <c>NetworkOptions.MaxServicesPerPeer</c> was reached.</summary>
    public required long NetworkRefusedServices { get; init; }

    /// <summary>Gets the request-cache entries refused because <see cref="RequestCacheOptions.MaxEntries"/> was reached.</summary>
    public required long RequestCacheRefused { get; init; }

    /// <summary>Gets the request-cache entries that timed out.</summary>
    public required long RequestCacheTimedOut { get; init; }

    /// <summary>Gets the trust rules' counters by snake_case name (see <see cref="TrustCounter"/>); empty by default.</summary>
    public IReadOnlyDictionary<string, long> Trust { get; init; } = new Dictionary<string, long>();

    /// <summary>Gets the counters the overlay itself adds (a subclass's own refusals and work), by their full snake_case name; empty by default.</summary>
    public IReadOnlyDictionary<string, long> Overlay { get; init; } = new Dictionary<string, long>();

    /// <summary>
    /// Returns every counter under one flat snake_case name, sorted: the community's drops by reason as
    /// <c>bad_signature</c>, <c>rate_limited_prefix</c>, ... (zeros included), then <c>limiter_*</c>, <c>endpoint_*</c>
    /// (drops as <c>endpoint_drop_*</c>), <c>network_*</c>, <c>request_cache_*</c>, <c>trust_*</c> and the overlay's own counters under their names.
    /// </summary>
    public IReadOnlyDictionary<string, long> ToFlatDictionary()
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (reason, value) in Drops)
        {
            result[SnakeCase(reason)] = value;
        }

        foreach (var (name, value) in Limiter)
        {
            result["limiter_" + name] = value;
        }

        result["endpoint_packets_in"] = EndpointPacketsIn;
        result["endpoint_bytes_in"] = EndpointBytesIn;
        result["endpoint_packets_out"] = EndpointPacketsOut;
        result["endpoint_bytes_out"] = EndpointBytesOut;
        foreach (var (reason, value) in EndpointDrops)
        {
            result["endpoint_drop_" + SnakeCase(reason)] = value;
        }

        result["network_refused_peers"] = NetworkRefusedPeers;
        result["network_evicted_addresses"] = NetworkEvictedAddresses;
        result["network_refused_services"] = NetworkRefusedServices;
        result["request_cache_refused"] = RequestCacheRefused;
        result["request_cache_timed_out"] = RequestCacheTimedOut;
        foreach (var (name, value) in Trust)
        {
            result["trust_" + name] = value;
        }

        foreach (var (name, value) in Overlay)
        {
            result[name] = value;
        }

        return result;
    }

    /// <summary>Returns the snake_case name of <paramref name="reason"/> (<c>RateLimitedPrefix</c> becomes <c>rate_limited_prefix</c>).</summary>
    public static string SnakeCase(DropReason reason) => CounterSet<DropReason>.NameOf(reason);
}
