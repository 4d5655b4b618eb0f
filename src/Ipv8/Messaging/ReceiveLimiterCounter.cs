namespace Ipv8.Messaging;

/// <summary>
/// What a <see cref="SourceRateLimiter"/> counts (<see cref="SourceRateLimiter.Counters"/>); reported as <c>limiter_</c> +
/// the snake_case name (<see cref="DroppedPrefix"/> as <c>limiter_dropped_prefix</c>).
/// </summary>
public enum ReceiveLimiterCounter
{
    /// <summary>Datagrams admitted (trusted and unproven).</summary>
    Admitted,

    /// <summary>Datagrams admitted from trusted sources.</summary>
    AdmittedTrusted,

    /// <summary>Bytes of the admitted datagrams.</summary>
    AdmittedBytes,

    /// <summary>Datagrams refused by their source address's bucket.</summary>
    DroppedAddress,

    /// <summary>Datagrams refused by their source prefix's bucket.</summary>
    DroppedPrefix,

    /// <summary>Datagrams refused by the global budget.</summary>
    DroppedGlobal,

    /// <summary>Bytes of the refused datagrams.</summary>
    DroppedBytes,

    /// <summary>Address buckets evicted because <see cref="ReceiveLimitOptions.MaxAddresses"/> was reached.</summary>
    AddressesEvicted,

    /// <summary>Prefix buckets evicted because <see cref="ReceiveLimitOptions.MaxPrefixes"/> was reached.</summary>
    PrefixesEvicted,
}
