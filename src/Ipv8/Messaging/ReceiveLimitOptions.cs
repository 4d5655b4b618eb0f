using System.Text.Json.Serialization;

namespace Ipv8.Messaging;

/// <summary>
/// Settings of a <see cref="SourceRateLimiter"/>: token buckets per source address, per source prefix (/24 for IPv4,
/// /56 for IPv6 by default) and one global budget, plus the bounds of the bucket tables. Rates are datagrams per
/// second, bursts are bucket sizes in datagrams. Every limit that bites is counted in <see cref="ReceiveLimiterCounter"/>.
/// </summary>
/// <remarks>
/// Trusted sources (for a community: the address of a verified peer) pass the per-address bucket only; unproven sources
/// pass the per-address bucket, the prefix bucket and the global budget, so a flood from unknown addresses cannot
/// starve peers we already know.
/// </remarks>
public sealed record ReceiveLimitOptions : IValidatableOptions
{
    /// <summary>Gets a value indicating whether the limiter applies at all; false admits everything (still counted). Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Gets the sustained datagrams per second accepted from one source address (ip and port). Default 100.</summary>
    public double AddressRate { get; init; } = 100;

    /// <summary>Gets the burst accepted from one source address. Default 200.</summary>
    public double AddressBurst { get; init; } = 200;

    /// <summary>Gets the sustained datagrams per second accepted from all unproven addresses of one prefix together. Default 200.</summary>
    public double PrefixRate { get; init; } = 200;

    /// <summary>Gets the burst accepted from the unproven addresses of one prefix. Default 400.</summary>
    public double PrefixBurst { get; init; } = 400;

    /// <summary>Gets the sustained datagrams per second accepted from all unproven sources together (the global budget). Default 1,000.</summary>
    public double GlobalRate { get; init; } = 1_000;

    /// <summary>Gets the burst of the global budget. Default 2,000.</summary>
    public double GlobalBurst { get; init; } = 2_000;

    /// <summary>Gets how many source addresses have their own bucket; the least recently seen is evicted beyond it. Default 4,096.</summary>
    public int MaxAddresses { get; init; } = 4_096;

    /// <summary>Gets how many prefixes have their own bucket; the least recently seen is evicted beyond it. Default 1,024.</summary>
    public int MaxPrefixes { get; init; } = 1_024;

    /// <summary>Gets the IPv4 prefix length that groups sources (1-32). Default 24.</summary>
    [JsonPropertyName("ipv4_prefix_length")]
    public int IPv4PrefixLength { get; init; } = 24;

    /// <summary>Gets the IPv6 prefix length that groups sources (1-128). Default 56.</summary>
    [JsonPropertyName("ipv6_prefix_length")]
    public int IPv6PrefixLength { get; init; } = 56;

    /// <summary>Gets options that admit everything (<see cref="Enabled"/> false).</summary>
    public static ReceiveLimitOptions Unlimited { get; } = new() { Enabled = false };

    /// <inheritdoc/>
    public IReadOnlyList<string> Validate() => Check().Errors;

    /// <summary>Throws for the first setting out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate is not positive or not finite, a burst is below 1, a table bound is outside 1..2^24, or a prefix length is out of range.</exception>
    public void ThrowIfInvalid() => Check().ThrowIfAny();

    private OptionChecks Check() => new OptionChecks()
        .Positive(AddressRate, nameof(AddressRate), "address_rate")
        .Positive(PrefixRate, nameof(PrefixRate), "prefix_rate")
        .Positive(GlobalRate, nameof(GlobalRate), "global_rate")
        .AtLeast(AddressBurst, 1, nameof(AddressBurst), "address_burst")
        .AtLeast(PrefixBurst, 1, nameof(PrefixBurst), "prefix_burst")
        .AtLeast(GlobalBurst, 1, nameof(GlobalBurst), "global_burst")
        .InRange(MaxAddresses, 1, 1 << 24, nameof(MaxAddresses), "max_addresses")
        .InRange(MaxPrefixes, 1, 1 << 24, nameof(MaxPrefixes), "max_prefixes")
        .InRange(IPv4PrefixLength, 1, 32, nameof(IPv4PrefixLength), "ipv4_prefix_length")
        .InRange(IPv6PrefixLength, 1, 128, nameof(IPv6PrefixLength), "ipv6_prefix_length");
}
