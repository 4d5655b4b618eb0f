namespace Ipv8.Communities;

/// <summary>Bounds of a <see cref="RequestCache"/>.</summary>
public sealed record RequestCacheOptions
{
    /// <summary>Gets the maximum number of outstanding entries; adds beyond it are refused and counted. Default 10,000.</summary>
    public int MaxEntries { get; init; } = 10_000;

    /// <summary>Gets how many random numbers <see cref="RequestCache.CreateRandomNumber"/> tries before giving up. Default 1,000.</summary>
    public int RandomNumberAttempts { get; init; } = 1_000;
}
