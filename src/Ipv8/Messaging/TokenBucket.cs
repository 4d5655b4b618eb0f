namespace Ipv8.Messaging;

/// <summary>
/// One token bucket: <see cref="TokenRate.PerSecond"/> tokens per second, at most <see cref="TokenRate.Burst"/>. The only
/// place the refill is computed; <see cref="TokenBucketTable{TKey}"/> holds many, a global budget holds one. A mutable
/// struct kept in a field or an array slot (never copied while in use). Not thread-safe.
/// </summary>
internal struct TokenBucket
{
    private double _tokens;
    private long _last;

    /// <summary>Returns a full bucket last touched at <paramref name="now"/>.</summary>
    public static TokenBucket Full(in TokenRate rate, long now) => new() { _tokens = rate.Burst, _last = now };

    /// <summary>Gets the timestamp of the last refill (the last touch: a clock never goes back).</summary>
    public readonly long Last => _last;

    /// <summary>
    /// Refills for the time since the last touch, then takes one token when more than <paramref name="reserve"/> remain
    /// (the reserve is kept for callers with priority, which pass 0).
    /// </summary>
    public bool TryTake(in TokenRate rate, long now, double reserve = 0)
    {
        if (now > _last)
        {
            _tokens = Math.Min(rate.Burst, _tokens + ((now - _last) * rate.PerSecond / rate.Frequency));
            _last = now;
        }

        if (_tokens < 1 + reserve)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }
}
