namespace Ipv8.Tracker;

/// <summary>A token bucket on <see cref="TimeProvider"/> timestamps: <c>rate</c> tokens per second, at most <c>burst</c>. Not thread-safe.</summary>
internal sealed class TokenBucket
{
    private double _tokens;
    private long _last;

    /// <summary>Creates a full bucket.</summary>
    public TokenBucket(double burst, long now)
    {
        _tokens = burst;
        _last = now;
    }

    /// <summary>Refills for the time since the last call and takes one token if there is one.</summary>
    public bool TryTake(long now, long frequency, double rate, double burst)
    {
        if (now > _last)
        {
            _tokens = Math.Min(burst, _tokens + ((now - _last) * rate / frequency));
            _last = now;
        }

        if (_tokens >= 1)
        {
            _tokens -= 1;
            return true;
        }

        return false;
    }
}
