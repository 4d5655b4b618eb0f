namespace Ipv8.Connectivity.Signalling;

/// <summary>Token buckets per key with a bounded table (the least recently refilled key is forgotten first). Not thread-safe: used under the network lock.</summary>
internal sealed class RateBudget<TKey>(int capacity, double perSecond, double burst)
    where TKey : notnull
{
    private readonly Dictionary<TKey, (double Tokens, long Ticks)> _buckets = [];

    public bool TryTake(TKey key, long nowTicks)
    {
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            if (_buckets.Count >= capacity)
                _buckets.Remove(_buckets.MinBy(b => b.Value.Ticks).Key);
            bucket = (burst, nowTicks);
        }

        var refilled = Math.Min(burst, bucket.Tokens + (perSecond * Math.Max(0, nowTicks - bucket.Ticks) / TimeSpan.TicksPerSecond));
        if (refilled < 1)
        {
            _buckets[key] = (refilled, nowTicks);
            return false;
        }

        _buckets[key] = (refilled - 1, nowTicks);
        return true;
    }
}
