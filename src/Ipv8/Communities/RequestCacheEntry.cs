namespace Ipv8.Communities;

/// <summary>
/// One outstanding request in a <see cref="RequestCache"/> (py-ipv8 <c>NumberCache</c>), identified by a prefix
/// (the kind of request, e.g. <c>"discoverypingcache"</c>) and a number (usually a 16-bit identifier).
/// </summary>
public abstract class RequestCacheEntry
{
    /// <summary>The default time an entry waits before it times out (10 s, as py-ipv8).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Initializes the entry.</summary>
    /// <param name="prefix">The kind of request; compared by ordinal string equality.</param>
    /// <param name="number">The number within the prefix.</param>
    protected RequestCacheEntry(string prefix, long number)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        Prefix = prefix;
        Number = number;
    }

    /// <summary>Gets the kind of request.</summary>
    public string Prefix { get; }

    /// <summary>Gets the number within the prefix.</summary>
    public long Number { get; }

    /// <summary>Gets how long the entry waits before <see cref="OnTimeout"/> (default <see cref="DefaultTimeout"/>).</summary>
    public virtual TimeSpan Timeout => DefaultTimeout;

    /// <summary>Gets when the entry was added to a cache (from the cache's clock).</summary>
    public DateTimeOffset AddedAt { get; internal set; }

    /// <summary>Gets or sets the pending timeout timer (owned by the cache).</summary>
    internal ITimer? Timer { get; set; }

    /// <summary>
    /// Called once when the entry times out, after it was removed from the cache, under the cache's lock.
    /// Exceptions are logged and counted by the cache. Does nothing by default.
    /// </summary>
    public virtual void OnTimeout()
    {
    }

    /// <summary>Formats as <c>prefix:number</c> (py-ipv8's identifier).</summary>
    public override string ToString() => FormattableString.Invariant($"{Prefix}:{Number}");
}
