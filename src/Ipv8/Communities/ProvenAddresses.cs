using Ipv8.Keys;
using Ipv8.Messaging;

namespace Ipv8.Communities;

/// <summary>
/// The (address, key) pairs proven by return routability: the key's signed introduction-response echoed an identifier we
/// sent to exactly that address. Bounded: when full, the least recently proven pair is forgotten. Not thread-safe.
/// </summary>
internal sealed class ProvenAddresses(int capacity)
{
    private readonly Dictionary<UdpAddress, Entry> _entries = [];

    public int Count => _entries.Count;

    /// <summary>Returns true when <paramref name="address"/> was proven by any key.</summary>
    public bool Contains(UdpAddress address) => _entries.ContainsKey(address);

    /// <summary>Returns true when <paramref name="address"/> was proven by <paramref name="key"/>.</summary>
    public bool IsProven(UdpAddress address, PublicKey key)
        => _entries.TryGetValue(address, out var entry) && entry.Key.KeyBin.SequenceEqual(key.KeyBin);

    /// <summary>Records that <paramref name="key"/> answered from <paramref name="address"/>; true when the oldest pair was forgotten to make room.</summary>
    public bool Prove(UdpAddress address, PublicKey key, long nowTicks)
    {
        var evicted = false;
        if (!_entries.ContainsKey(address) && _entries.Count >= capacity)
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

    private readonly record struct Entry(PublicKey Key, long ProvenAt);
}
