namespace Ipv8.Bootstrapping;

/// <summary>
/// Settings of the warm-restart peer cache (<see cref="PeerCacheBootstrapper"/>, <see cref="PeerCacheFile"/>): where the
/// per-overlay cache files live, how large they may grow, how often they are written and how often their addresses are
/// walked to.
/// </summary>
public sealed record PeerCacheOptions
{
    /// <summary>Gets the directory the cache files are written to. Default: <c>.</c> (the working directory).</summary>
    public string Directory { get; init; } = ".";

    /// <summary>Gets the most entries (addresses) one overlay's cache keeps; the most recently seen win. Default: 100.</summary>
    public int MaxEntries { get; init; } = 100;

    /// <summary>Gets the largest cache file that is read; a larger one is reported and ignored. Default: 256 KiB.</summary>
    public long MaxFileBytes { get; init; } = 256 * 1024;

    /// <summary>Gets how often the running overlays' caches are written (besides at shutdown). Default: 5 minutes.</summary>
    public TimeSpan WriteInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets how long an address stays in the cache after it was last seen. Default: 7 days.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Gets the least time between two bootstrap rounds that hand the cached addresses to the overlay (an overlay bootstraps
    /// at every walk step while it has no peers). Default: 30 seconds.
    /// </summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count, size or duration is not positive.</exception>
    /// <exception cref="ArgumentException">The directory is empty.</exception>
    public void ThrowIfInvalid()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Directory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxEntries);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFileBytes);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(WriteInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxAge, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryInterval, TimeSpan.Zero);
    }
}
