using System.Runtime.InteropServices;
using Ipv8.Messaging;

namespace Ipv8.Communities;

/// <summary>
/// Token buckets keyed by address (<c>rate</c> tokens per second, at most <c>burst</c>), bounded to a number of
/// addresses. When the table is full, buckets that have refilled completely are forgotten; if none has, a new address
/// is refused. Not thread-safe (used under the network lock). Allocation-free once the table has grown.
/// </summary>
internal sealed class AddressRateLimiter(int capacity, double rate, double burst)
{
    private readonly Dictionary<UdpAddress, Bucket> _buckets = [];

    public int Count => _buckets.Count;

    /// <summary>Takes one token for <paramref name="address"/>; false when its bucket is empty or the table is full of live buckets.</summary>
    public bool TryTake(UdpAddress address, long nowTicks)
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

        if (bucket.Tokens < 1)
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
