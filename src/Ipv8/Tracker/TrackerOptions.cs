using System.Text.Json.Serialization;
using Ipv8.Keys;
using Ipv8.Messaging;

namespace Ipv8.Tracker;

/// <summary>
/// Settings of a <see cref="TrackerService"/> (spec 9.4): its identity, liveness timing (py-ipv8's values by default)
/// and the bounds that keep it safe under hostile traffic. Every bound, when it bites, is counted in
/// <see cref="TrackerCounters"/>.
/// </summary>
public sealed record TrackerOptions : IValidatableOptions
{
    /// <summary>
    /// Gets the key level generated for the tracker's identity when <see cref="PrivateKey"/> is null: a
    /// <see cref="KeyFactory.SecurityLevels"/> name. Default <c>"very-low"</c> (sect163k1, 42-byte signatures, as
    /// py-ipv8's tracker). <c>"curve25519"</c> works too, but its larger messages mean unproven requesters with
    /// small requests are refused by the byte budget.
    /// </summary>
    [JsonIgnore]
    public string KeyLevel { get; init; } = "very-low";

    /// <summary>Gets a fixed identity to use instead of a freshly generated one; default null (fresh key per start).</summary>
    [JsonIgnore]
    public PrivateKey? PrivateKey { get; init; }

    /// <summary>Gets the interval of the liveness pass (py-ipv8 "tracker churn"). Default 10 s.</summary>
    [JsonIgnore]
    public TimeSpan LivenessInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets how many peers one liveness pass looks at. Default 8.</summary>
    [JsonIgnore]
    public int ChurnSampleSize { get; init; } = 8;

    /// <summary>Gets how long a ping record is kept before the peer may be pinged again. Default 10 s.</summary>
    [JsonIgnore]
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets the silence after which a pinged peer is dropped. Default 57.5 s.</summary>
    [JsonIgnore]
    public TimeSpan DropTime { get; init; } = TimeSpan.FromSeconds(57.5);

    /// <summary>Gets how long a ping waits for its response. Default 5 s.</summary>
    [JsonIgnore]
    public TimeSpan PingTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the maximum number of peers per community; the oldest (by creation) is evicted beyond it. Default 100.</summary>
    public int MaxPeersPerCommunity { get; init; } = 100;

    /// <summary>Gets the maximum number of communities tracked; the least recently active is evicted beyond it. Default 10 000.</summary>
    public int MaxCommunities { get; init; } = 10_000;

    /// <summary>Gets the maximum number of registered peers in total; new peers are refused beyond it. Default 50 000.</summary>
    public int MaxPeers { get; init; } = 50_000;

    /// <summary>Gets the maximum number of communities one peer may be registered in; more are refused. Default 64.</summary>
    public int MaxServicesPerPeer { get; init; } = 64;

    /// <summary>
    /// Gets the maximum number of outstanding pings (proof and liveness). Default 4 096 (at most 65 536). When full, the
    /// oldest proof ping is dropped to make room (counted in <see cref="TrackerCounter.PendingTableFull"/>).
    /// </summary>
    public int MaxPendingPings { get; init; } = 4096;

    /// <summary>Gets the sustained number of requests accepted per source address per second. Default 5.</summary>
    public double RequestsPerSecondPerAddress { get; init; } = 5;

    /// <summary>Gets the burst of requests accepted per source address. Default 10.</summary>
    public double RequestBurstPerAddress { get; init; } = 10;

    /// <summary>
    /// Gets the sustained number of datagrams per second accepted from all unproven addresses together (the global
    /// request budget; proven addresses are limited only per address). Default 200.
    /// </summary>
    public double GlobalRequestsPerSecond { get; init; } = 200;

    /// <summary>Gets the burst of the global request budget. Default 400.</summary>
    public double GlobalRequestBurst { get; init; } = 400;

    /// <summary>
    /// Gets the sustained number of datagrams per second accepted from all unproven addresses of one /24 prefix together,
    /// so a flood from one network cannot take the whole global budget. Default 50 (a quarter of the global budget).
    /// </summary>
    public double PrefixRequestsPerSecond { get; init; } = 50;

    /// <summary>Gets the burst of requests accepted from the unproven addresses of one /24 prefix. Default 100.</summary>
    public double PrefixRequestBurst { get; init; } = 100;

    /// <summary>
    /// Gets the sustained number of datagrams per second accepted from all unproven loopback sources together (127.0.0.0/8
    /// and ::1), which then bypass the /24 and global budgets: the budget of the local processes a hosted tracker serves.
    /// Default 0: loopback sources are limited as any other (one /24, the global budget). Set together with
    /// <see cref="LoopbackRequestBurst"/> (both 0 or both positive).
    /// </summary>
    /// <remarks>
    /// Why loopback may have its own budget: every local process sends from 127.0.0.1, so one /24 budget makes a swarm of
    /// N local instances queue behind each other when they start together, while a remote flood cannot use this budget
    /// (the kernel drops packets that claim a loopback source on any other interface). A local flood stays bounded by
    /// it, and it does not take from the global budget that remote newcomers use.
    /// </remarks>
    public double LoopbackRequestsPerSecond { get; init; }

    /// <summary>Gets the burst of <see cref="LoopbackRequestsPerSecond"/>. Default 0 (no separate loopback budget).</summary>
    public double LoopbackRequestBurst { get; init; }

    /// <summary>Gets a value indicating whether unproven loopback sources have their own budget (<see cref="LoopbackRequestsPerSecond"/>).</summary>
    [JsonIgnore]
    public bool HasLoopbackBudget => LoopbackRequestsPerSecond > 0;

    /// <summary>Gets how many /24 prefixes of unproven addresses have their own rate limiter (least recently seen evicted). Default 1 024.</summary>
    public int MaxUnprovenPrefixes { get; init; } = 1024;

    /// <summary>Gets how many unproven source addresses have their own rate limiter (least recently seen evicted). Default 4 096.</summary>
    public int MaxUnprovenAddresses { get; init; } = 4096;

    /// <summary>Gets how many proven addresses are remembered (least recently seen evicted). Default 50 000.</summary>
    public int MaxProvenAddresses { get; init; } = 50_000;

    /// <summary>Gets the seed of the tracker's random choices; null picks a random seed. Default null.</summary>
    [JsonIgnore]
    public int? RandomSeed { get; init; }

    /// <summary>Returns the limits applied to unproven addresses (per address, per /24 prefix, global), as a <see cref="ReceiveLimitOptions"/>.</summary>
    public ReceiveLimitOptions ToUnprovenLimits() => new()
    {
        AddressRate = RequestsPerSecondPerAddress,
        AddressBurst = RequestBurstPerAddress,
        PrefixRate = PrefixRequestsPerSecond,
        PrefixBurst = PrefixRequestBurst,
        GlobalRate = GlobalRequestsPerSecond,
        GlobalBurst = GlobalRequestBurst,
        MaxAddresses = MaxUnprovenAddresses,
        MaxPrefixes = MaxUnprovenPrefixes,
    };

    /// <summary>
    /// Returns the limits applied to unproven loopback sources when <see cref="HasLoopbackBudget"/>: their per-address
    /// bucket, then one budget for all of them (<see cref="LoopbackRequestsPerSecond"/>, <see cref="LoopbackRequestBurst"/>).
    /// </summary>
    public ReceiveLimitOptions ToLoopbackLimits() => new()
    {
        AddressRate = RequestsPerSecondPerAddress,
        AddressBurst = RequestBurstPerAddress,
        PrefixRate = Math.Max(LoopbackRequestsPerSecond, double.Epsilon),
        PrefixBurst = Math.Max(LoopbackRequestBurst, 1),
        GlobalRate = Math.Max(LoopbackRequestsPerSecond, double.Epsilon),
        GlobalBurst = Math.Max(LoopbackRequestBurst, 1),
        MaxAddresses = MaxUnprovenAddresses,
        MaxPrefixes = 2,

        // 127.0.0.0/8 is one group, ::1 another; both also take from the one loopback "global" budget.
        IPv4PrefixLength = 8,
        IPv6PrefixLength = 128,
    };

    /// <inheritdoc/>
    public IReadOnlyList<string> Validate() => Check().Errors;

    /// <summary>Throws for the first setting out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count, rate or duration is not positive, <see cref="MaxPendingPings"/> exceeds 65 536, or <see cref="KeyLevel"/> is empty.</exception>
    public void ThrowIfInvalid() => Check().ThrowIfAny();

    private OptionChecks Check() => new OptionChecks()
        .Require(!string.IsNullOrWhiteSpace(KeyLevel), KeyLevel ?? "", nameof(KeyLevel), "key_level", "must name a key level")
        .Positive(LivenessInterval, nameof(LivenessInterval), "liveness_interval")
        .Positive(PingInterval, nameof(PingInterval), "ping_interval")
        .Positive(DropTime, nameof(DropTime), "drop_time")
        .Positive(PingTimeout, nameof(PingTimeout), "ping_timeout")
        .AtLeast(ChurnSampleSize, 1, nameof(ChurnSampleSize), "churn_sample_size")
        .AtLeast(MaxPeersPerCommunity, 1, nameof(MaxPeersPerCommunity), "max_peers_per_community")
        .AtLeast(MaxCommunities, 1, nameof(MaxCommunities), "max_communities")
        .AtLeast(MaxPeers, 1, nameof(MaxPeers), "max_peers")
        .AtLeast(MaxServicesPerPeer, 1, nameof(MaxServicesPerPeer), "max_services_per_peer")
        .InRange(MaxPendingPings, 1, 65_536, nameof(MaxPendingPings), "max_pending_pings")
        .Positive(RequestsPerSecondPerAddress, nameof(RequestsPerSecondPerAddress), "requests_per_second_per_address")
        .AtLeast(RequestBurstPerAddress, 1, nameof(RequestBurstPerAddress), "request_burst_per_address")
        .Positive(GlobalRequestsPerSecond, nameof(GlobalRequestsPerSecond), "global_requests_per_second")
        .AtLeast(GlobalRequestBurst, 1, nameof(GlobalRequestBurst), "global_request_burst")
        .AtLeast(MaxUnprovenAddresses, 1, nameof(MaxUnprovenAddresses), "max_unproven_addresses")
        .Positive(PrefixRequestsPerSecond, nameof(PrefixRequestsPerSecond), "prefix_requests_per_second")
        .AtLeast(PrefixRequestBurst, 1, nameof(PrefixRequestBurst), "prefix_request_burst")
        .AtLeast(LoopbackRequestsPerSecond, 0, nameof(LoopbackRequestsPerSecond), "loopback_requests_per_second")
        .AtLeast(LoopbackRequestBurst, 0, nameof(LoopbackRequestBurst), "loopback_request_burst")
        .Require((LoopbackRequestsPerSecond > 0) == (LoopbackRequestBurst >= 1), LoopbackRequestBurst, nameof(LoopbackRequestBurst), "loopback_request_burst", "must be at least 1 when loopback_requests_per_second is positive, and 0 when it is 0")
        .AtLeast(MaxUnprovenPrefixes, 1, nameof(MaxUnprovenPrefixes), "max_unproven_prefixes")
        .AtLeast(MaxProvenAddresses, 1, nameof(MaxProvenAddresses), "max_proven_addresses");
}
