namespace Ipv8.Messaging;

/// <summary>
/// A bounded table of token buckets (<see cref="TokenBucket"/>) keyed by <typeparamref name="TKey"/> (an address, a prefix,
/// a key's mid, an address pair), all with one <see cref="TokenRate"/>: the one token-bucket table every limiter uses
/// (the receive limiter, the tracker's proven addresses, the trust rules' puncture, early-answer and while-full budgets,
/// the rendezvous request limits).
/// </summary>
/// <remarks>
/// <para>Bounded by <see cref="Capacity"/> (an <see cref="LruTable{TKey, TValue}"/>): when full, a key without a bucket is
/// handled by the <see cref="TableFullPolicy"/>, so spoofed sources never grow it. Allocation-free once the table has
/// grown to the size its traffic needs.</para>
/// <para>Time is whatever timestamp the caller passes (in <see cref="TokenRate.Frequency"/> ticks per second), so a
/// virtual clock drives it in simulations. Not thread-safe: callers hold their own lock.</para>
/// </remarks>
/// <typeparam name="TKey">The key; equality through <see cref="IEquatable{T}"/>.</typeparam>
internal sealed class TokenBucketTable<TKey>
    where TKey : notnull, IEquatable<TKey>
{
    private readonly LruTable<TKey, TokenBucket> _buckets;
    private readonly TableFullPolicy _whenFull;
    private readonly bool _reuseIdleSlots;

    /// <summary>Creates an empty table.</summary>
    /// <param name="capacity">The most buckets held (positive).</param>
    /// <param name="rate">The rate and burst of every bucket.</param>
    /// <param name="whenFull">What to do for a new key when the table is full.</param>
    /// <param name="reuseIdleSlots">
    /// When true, a new key that would make the table's storage grow takes the slot of the least recently used bucket
    /// instead, if that bucket has refilled completely (it is then indistinguishable from a new bucket, so every limit
    /// stays exactly as it was; the slot is reused silently, not reported as an eviction). The table then stays at the
    /// size of the set of sources active within one refill time instead of growing to every source ever seen. Only for
    /// tables where holding a bucket means nothing by itself (not for <see cref="Contains"/> or
    /// <see cref="TryTakeExisting"/> as a membership test). Default false.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/>, the rate, the burst or the frequency is not positive.</exception>
    public TokenBucketTable(int capacity, TokenRate rate, TableFullPolicy whenFull, bool reuseIdleSlots = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate.PerSecond, nameof(rate));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate.Burst, nameof(rate));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate.Frequency, nameof(rate));
        _buckets = new LruTable<TKey, TokenBucket>(capacity);
        Rate = rate;
        _whenFull = whenFull;
        _reuseIdleSlots = reuseIdleSlots;
    }

    /// <summary>Gets the rate and burst of every bucket.</summary>
    public TokenRate Rate { get; }

    /// <summary>Gets the most buckets the table holds.</summary>
    public int Capacity => _buckets.Capacity;

    /// <summary>Gets the number of buckets held.</summary>
    public int Count => _buckets.Count;

    /// <summary>Gets the number of bucket slots allocated (0 until the first bucket; grows by doubling up to <see cref="Capacity"/>).</summary>
    public int AllocatedSlots => _buckets.AllocatedSlots;

    /// <summary>Takes one token for <paramref name="key"/>, creating its bucket (full) when it has none; see <see cref="TryTake(TKey, long, double, out bool)"/>.</summary>
    public bool TryTake(TKey key, long now) => TryTake(key, now, 0, out _);

    /// <summary>
    /// Finds (or creates, full) the bucket of <paramref name="key"/>, marks it most recently used, refills it for the time
    /// since its last use and takes one token when more than <paramref name="reserve"/> remain.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="now">The current timestamp, in <see cref="TokenRate.Frequency"/> ticks per second.</param>
    /// <param name="reserve">Tokens kept back for callers with priority (which pass 0).</param>
    /// <param name="evicted">True when another key's bucket was evicted to make room.</param>
    /// <returns>False when the bucket is empty (down to the reserve), or when the table is full and its policy refuses new keys.</returns>
    public bool TryTake(TKey key, long now, double reserve, out bool evicted)
    {
        evicted = false;
        ref var bucket = ref _buckets.Find(key, out var found);
        if (!found)
        {
            // The least recently used bucket has the oldest refill, so if any bucket has refilled completely, it has.
            if (_buckets.IsFull && _whenFull == TableFullPolicy.RefuseUnlessIdle
                && now - _buckets.PeekLeastRecent(out _, out _).Last < Rate.FullRefillTicks)
            {
                return false;
            }

            if (_reuseIdleSlots && !_buckets.IsFull && _buckets.Count == _buckets.AllocatedSlots
                && _buckets.Count > 0 && now - _buckets.PeekLeastRecent(out _, out _).Last > Rate.FullRefillTicks)
            {
                // Strictly longer than the (truncated) refill time: the old bucket would have refilled to the burst exactly.
                _buckets.RemoveLeastRecent(out _);
            }

            bucket = ref _buckets.AddNew(key, out var removed);
            bucket = TokenBucket.Full(Rate, now);
            evicted = removed is not null;
        }

        return bucket.TryTake(Rate, now, reserve);
    }

    /// <summary>
    /// Takes one token for <paramref name="key"/> only when it already has a bucket (marked most recently used);
    /// <paramref name="found"/> tells whether it had one. Never creates a bucket.
    /// </summary>
    public bool TryTakeExisting(TKey key, long now, out bool found)
    {
        ref var bucket = ref _buckets.Find(key, out found);
        return found && bucket.TryTake(Rate, now);
    }

    /// <summary>
    /// Gives <paramref name="key"/> a full bucket as the most recently used (replacing the one it had). When the table is
    /// full the least recently used bucket is evicted, whatever the policy, and its key returned in <paramref name="evictedKey"/>.
    /// </summary>
    /// <returns>True when a bucket was evicted.</returns>
    public bool Reset(TKey key, long now, out TKey? evictedKey)
    {
        var evicted = _buckets.Add(key, TokenBucket.Full(Rate, now), out var removed);
        evictedKey = evicted ? removed.Key : default;
        return evicted;
    }

    /// <summary>Returns true when <paramref name="key"/> has a bucket, without touching it.</summary>
    public bool Contains(TKey key) => _buckets.Contains(key);

    /// <summary>Removes the bucket of <paramref name="key"/>; returns false when it had none.</summary>
    public bool Remove(TKey key) => _buckets.Remove(key);
}
