namespace Ipv8.Messaging;

/// <summary>What a full <see cref="TokenBucketTable{TKey}"/> does for a key it has no bucket for.</summary>
internal enum TableFullPolicy
{
    /// <summary>
    /// Evict the least recently used bucket (counted by the caller through the <c>evicted</c> result). Right where the
    /// table only saves memory for sources that come back rarely and a further limit (prefix, global) still applies.
    /// </summary>
    EvictLeastRecentlyUsed,

    /// <summary>
    /// Evict the least recently used bucket only when it has been idle for a full refill (forgetting it changes nothing);
    /// otherwise refuse the new key. Right where a flood of spoofed keys must not reset the buckets it is limited by.
    /// </summary>
    RefuseUnlessIdle,
}
