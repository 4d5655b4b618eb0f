using Ipv8.Keys;
using Ipv8.Messaging;

namespace Ipv8.Tracker;

/// <summary>
/// Settings of a <see cref="TrackerService"/> (spec 9.4): its identity, liveness timing (py-ipv8's values by default)
/// and the bounds that keep it safe under hostile traffic. Every bound, when it bites, is counted in
/// <see cref="TrackerCounters"/>.
/// </summary>
public sealed record TrackerOptions
{
    /// <summary>
    /// Gets the key level generated for the tracker's identity when <see cref="PrivateKey"/> is null: a
    /// <see cref="KeyFactory.SecurityLevels"/> name. Default <c>"very-low"</c> (sect163k1, 42-byte signatures, as
    /// py-ipv8's tracker). <c>"curve25519"</c> works too, but its larger messages mean unproven requesters with
    /// small requests are refused by the byte budget.
    /// </summary>
    public string KeyLevel { get; init; } = "very-low";

    /// <summary>Gets a fixed identity to use instead of a freshly generated one; default null (fresh key per start).</summary>
    public PrivateKey? PrivateKey { get; init; }

    /// <summary>Gets the interval of the liveness pass (py-ipv8 "tracker churn"). Default 10 s.</summary>
    public TimeSpan LivenessInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets how many peers one liveness pass looks at. Default 8.</summary>
    public int ChurnSampleSize { get; init; } = 8;

    /// <summary>Gets how long a ping record is kept before the peer may be pinged again. Default 10 s.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets the silence after which a pinged peer is dropped. Default 57.5 s.</summary>
    public TimeSpan DropTime { get; init; } = TimeSpan.FromSeconds(57.5);

    /// <summary>Gets how long a ping waits for its response. Default 5 s.</summary>
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

    /// <summary>Gets how many /24 prefixes of unproven addresses have their own rate limiter (least recently seen evicted). Default 1 024.</summary>
    public int MaxUnprovenPrefixes { get; init; } = 1024;

    /// <summary>Gets how many unproven source addresses have their own rate limiter (least recently seen evicted). Default 4 096.</summary>
    public int MaxUnprovenAddresses { get; init; } = 4096;

    /// <summary>Gets how many proven addresses are remembered (least recently seen evicted). Default 50 000.</summary>
    public int MaxProvenAddresses { get; init; } = 50_000;

    /// <summary>Gets the seed of the tracker's random choices; null picks a random seed. Default null.</summary>
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

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count, rate or duration is not positive, or <see cref="MaxPendingPings"/> exceeds 65 536.</exception>
    /// <exception cref="ArgumentException"><see cref="KeyLevel"/> is empty.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(KeyLevel);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(LivenessInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PingInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DropTime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PingTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ChurnSampleSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxPeersPerCommunity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxCommunities);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxPeers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxServicesPerPeer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxPendingPings);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxPendingPings, 65_536);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(RequestsPerSecondPerAddress);
        ArgumentOutOfRangeException.ThrowIfLessThan(RequestBurstPerAddress, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(GlobalRequestsPerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(GlobalRequestBurst, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxUnprovenAddresses);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PrefixRequestsPerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(PrefixRequestBurst, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxUnprovenPrefixes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxProvenAddresses);
    }
}
