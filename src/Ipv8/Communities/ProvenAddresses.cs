using Ipv8.Keys;
using Ipv8.Messaging;

namespace Ipv8.Communities;

/// <summary>
/// The (address, key) pairs proven by return routability: the key's signed introduction-response echoed an identifier we
/// sent to exactly that address. A proof lasts <paramref name="lifetime"/> from the last time the pair proved itself (every
/// matching response refreshes it); an expired pair is forgotten when next looked up, or when the table needs room, and
/// counted in <see cref="TrustCounter.ProvenExpired"/>. Bounded: when full of live pairs, the least recently proven is
/// forgotten. Not thread-safe.
/// </summary>
internal sealed class ProvenAddresses(int capacity, TimeSpan lifetime, CounterSet<TrustCounter> counters)
{
    private readonly Dictionary<UdpAddress, Entry> _entries = [];

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
        var evicted = false;
        if (!_entries.ContainsKey(address) && _entries.Count >= capacity && !Prune(nowTicks))
        {
            evicted = true;
            var oldest = default(UdpAddress);
            var oldestTicks = long.MaxValue;
            foreach (var (candidate, entry) in _entries)
            {
                if (entry.ProvenAt < oldestTicks)
                {
                    oldest = candidate;
                    oldestTicks = entry.ProvenAt;
                }
            }

            _entries.Remove(oldest);
        }

        _entries[address] = new Entry(key, nowTicks);
        return evicted;
    }

    /// <summary>Forgets (and counts) every expired pair; true when any was forgotten.</summary>
    public bool Prune(long nowTicks)
    {
        var removed = TableEviction.RemoveStale(_entries, (Now: nowTicks, Lifetime: lifetime.Ticks), static (entry, state) => state.Now - entry.ProvenAt > state.Lifetime);
        for (var i = 0; i < removed; i++)
        {
            counters.Increment(TrustCounter.ProvenExpired);
        }

        return removed > 0;
    }

    private bool IsExpired(Entry entry, long nowTicks) => nowTicks - entry.ProvenAt > lifetime.Ticks;

    private bool TryGetLive(UdpAddress address, long nowTicks, out Entry entry)
    {
        if (!_entries.TryGetValue(address, out entry))
        {
            return false;
        }

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
