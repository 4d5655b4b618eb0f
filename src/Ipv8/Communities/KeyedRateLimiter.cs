using System.Runtime.InteropServices;

namespace Ipv8.Communities;

/// <summary>
/// Token buckets keyed by <typeparamref name="TKey"/> (an address, a prefix, an address pair; <c>rate</c> tokens per
/// second, at most <c>burst</c>), bounded to a number of keys. When the table is full, buckets that have refilled
/// completely are forgotten; if none has, a new key is refused. Not thread-safe (used under the network lock).
/// Allocation-free once the table has grown.
/// </summary>
internal sealed class KeyedRateLimiter<TKey>(int capacity, double rate, double burst)
    where TKey : notnull, IEquatable<TKey>
{
    private readonly Dictionary<TKey, Bucket> _buckets = [];

    public int Count => _buckets.Count;

    /// <summary>Takes one token for <paramref name="address"/>; false when its bucket is empty or the table is full of live buckets.</summary>
    public bool TryTake(TKey address, long nowTicks) => TryTake(address, nowTicks, 0);

    /// <summary>
    /// Takes one token for <paramref name="address"/> only while more than <paramref name="reserve"/> tokens remain (the
    /// reserve is kept for callers with priority, which pass 0); false otherwise or when the table is full of live buckets.
    /// </summary>
    public bool TryTake(TKey address, long nowTicks, double reserve)
    {
        if (!_buckets.ContainsKey(address) && _buckets.Count >= capacity && !Prune(nowTicks))
        {
            return false;
        }

        ref var bucket = ref CollectionsMarshal.GetValueRefOrAddDefault(_buckets, address, out var existed);
        if (!existed)
        {
            bucket = new Bucket(burst, nowTicks);
        }
        else if (nowTicks > bucket.Last)
        {
            bucket = new Bucket(Math.Min(burst, bucket.Tokens + ((nowTicks - bucket.Last) * rate / TimeSpan.TicksPerSecond)), nowTicks);
        }

        if (bucket.Tokens < 1 + reserve)
        {
            return false;
        }

        bucket = bucket with { Tokens = bucket.Tokens - 1 };
        return true;
    }

    private bool Prune(long nowTicks)
    {
        // A bucket idle for a full refill is indistinguishable from a new one: forgetting it changes nothing.
        var refill = (long)(burst / rate * TimeSpan.TicksPerSecond);
        return TableEviction.RemoveStale(_buckets, (Now: nowTicks, Refill: refill), static (bucket, state) => state.Now - bucket.Last >= state.Refill) > 0;
    }

    private readonly record struct Bucket(double Tokens, long Last);
}
