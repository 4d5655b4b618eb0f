using Ipv8.Keys;
using Ipv8.Messaging;

namespace Ipv8.Communities;

/// <summary>
/// The (address, key) pairs proven by return routability: the key's signed introduction-response echoed an identifier we
/// sent to exactly that address. A proof lasts <paramref name="lifetime"/> from the last time the pair proved itself (every
/// matching response refreshes it); an expired pair is forgotten when next looked up, or when the table needs room (to hold
/// a new pair within the storage it has, or because it is full), and counted in <see cref="TrustCounter.ProvenExpired"/>.
/// Bounded: when full of live pairs, the least recently proven is forgotten. Not thread-safe.
/// </summary>
/// <remarks>
/// Kept in proof order (an <see cref="LruTable{TKey, TValue}"/> touched only by <see cref="Prove"/>), so the expired pairs
/// are always the least recently proven ones: making room looks at the oldest pairs only, instead of scanning the table.
/// Storage grows by doubling from nothing, and a new pair reuses the room of expired ones before the table grows.
/// </remarks>
internal sealed class ProvenAddresses(int capacity, TimeSpan lifetime, CounterSet<TrustCounter> counters)
{
    private readonly LruTable<UdpAddress, Entry> _entries = new(capacity);

    /// <summary>Gets the number of pairs held, expired ones not yet forgotten included.</summary>
    public int Count => _entries.Count;

    /// <summary>Returns true when <paramref name="address"/> holds a live proof by any key.</summary>
    public bool Contains(UdpAddress address, long nowTicks) => TryGetLive(address, nowTicks, out _);

    /// <summary>Returns true when <paramref name="address"/> holds a live proof by <paramref name="key"/>.</summary>
    public bool IsProven(UdpAddress address, PublicKey key, long nowTicks)
        => TryGetLive(address, nowTicks, out var entry) && entry.Key.KeyBin.SequenceEqual(key.KeyBin);

    /// <summary>
    /// Records (or refreshes) that <paramref name="key"/> answered from <paramref name="address"/>; true when a live pair
    /// (the least recently proven) was forgotten to make room.
    /// </summary>
    public bool Prove(UdpAddress address, PublicKey key, long nowTicks)
    {
        ref var held = ref _entries.Find(address, out var found);
        if (found)
        {
            held = new Entry(key, nowTicks);
            return false;
        }

        var evicted = false;
        if (_entries.Count == _entries.AllocatedSlots || _entries.IsFull)
        {
            Prune(nowTicks);
        }

        if (_entries.IsFull)
        {
            evicted = _entries.RemoveLeastRecent(out _);
        }

        _entries.AddNew(address, out _) = new Entry(key, nowTicks);
        return evicted;
    }

    /// <summary>Forgets (and counts) every expired pair; true when any was forgotten.</summary>
    public bool Prune(long nowTicks)
    {
        var removed = 0;
        while (true)
        {
            ref var oldest = ref _entries.PeekLeastRecent(out _, out var any);
            if (!any || !IsExpired(oldest, nowTicks))
            {
                break;
            }

            _entries.RemoveLeastRecent(out _);
            counters.Increment(TrustCounter.ProvenExpired);
            removed++;
        }

        return removed > 0;
    }

    private bool IsExpired(in Entry entry, long nowTicks) => nowTicks - entry.ProvenAt > lifetime.Ticks;

    private bool TryGetLive(UdpAddress address, long nowTicks, out Entry entry)
    {
        ref var held = ref _entries.Peek(address, out var found);
        if (!found)
        {
            entry = default;
            return false;
        }

        entry = held;
        if (!IsExpired(entry, nowTicks))
        {
            return true;
        }

        _entries.Remove(address);
        counters.Increment(TrustCounter.ProvenExpired);
        return false;
    }

    private readonly record struct Entry(PublicKey Key, long ProvenAt);
}
