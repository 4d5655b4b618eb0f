namespace Ipv8.Peers;

/// <summary>Bounds of a <see cref="Network"/>. Every table is bounded so hostile peers cannot grow memory without limit.</summary>
public sealed record NetworkOptions
{
    /// <summary>Gets the maximum number of known (walkable) addresses; adding more evicts the oldest. Default 10,000.</summary>
    public int MaxKnownAddresses { get; init; } = 10_000;

    /// <summary>Gets the maximum number of verified peers; further peers are refused and counted. Default 10,000.</summary>
    public int MaxVerifiedPeers { get; init; } = 10_000;

    /// <summary>Gets the maximum number of peers (verified or not) whose services are remembered. Default 10,000.</summary>
    public int MaxServiceEntries { get; init; } = 10_000;

    /// <summary>Gets the maximum number of services remembered per peer; further ids are ignored. Default 256.</summary>
    public int MaxServicesPerPeer { get; init; } = 256;

    /// <summary>Throws when a bound is not positive.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A bound is zero or negative.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxKnownAddresses);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxVerifiedPeers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxServiceEntries);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxServicesPerPeer);
    }
}
