using System.Security.Cryptography;
using Ipv8.Messaging;

namespace Ipv8.Communities;

/// <summary>
/// Our introduction-requests still waiting for their response: identifier → (destination, expiry, challenge or walk),
/// plus, per destination, until when a walk (a request on our own initiative) is outstanding. Bounded: when full,
/// expired entries are purged, then the oldest challenge is forgotten; only when every entry is a live walk is the new
/// request not remembered (its response will be unsolicited).
/// Not thread-safe.
/// </summary>
internal sealed class OutstandingRequests(int capacity, TimeSpan lifetime)
{
    private readonly Dictionary<ushort, Entry> _byId = [];
    private readonly Dictionary<UdpAddress, long> _walkUntil = [];

    public int Count => _byId.Count;

    /// <summary>Picks a free random identifier and remembers the request; false when the table is full (nothing remembered).</summary>
    public bool TryRegister(UdpAddress destination, bool challenge, long nowTicks, Random? random, out ushort identifier)
    {
        identifier = 0;
        if ((_byId.Count >= capacity || _walkUntil.Count >= capacity) && !Prune(nowTicks) && !EvictOldestChallenge())
        {
            return false;
        }

        for (var attempt = 0; attempt < 16; attempt++)
        {
            identifier = (ushort)(random?.Next(0, 65536) ?? RandomNumberGenerator.GetInt32(65536));
            if (!_byId.ContainsKey(identifier))
            {
                var expiry = nowTicks + lifetime.Ticks;
                _byId[identifier] = new Entry(destination, expiry, challenge);
                if (!challenge)
                {
                    _walkUntil[destination] = expiry;
                }

                return true;
            }
        }

        return false;
    }

    /// <summary>Forgets the request <paramref name="identifier"/> (it was never sent).</summary>
    public void Remove(ushort identifier) => _byId.Remove(identifier);

    /// <summary>
    /// Matches a response with <paramref name="identifier"/> arriving from <paramref name="source"/>: true (and the entry
    /// removed) only when that request went to exactly that address and has not expired.
    /// </summary>
    public bool TryMatch(ushort identifier, UdpAddress source, long nowTicks, out bool challenge)
    {
        challenge = false;
        if (!_byId.TryGetValue(identifier, out var entry) || entry.Destination != source)
        {
            return false;
        }

        _byId.Remove(identifier);
        challenge = entry.Challenge;
        return entry.Expiry >= nowTicks;
    }

    /// <summary>Returns true (and forgets the walk, so it is used once) when a walk to <paramref name="destination"/> is outstanding.</summary>
    public bool TryConsumeWalk(UdpAddress destination, long nowTicks)
        => _walkUntil.Remove(destination, out var until) && until >= nowTicks;

    /// <summary>Returns true when a walk (not a challenge) to <paramref name="destination"/> is outstanding.</summary>
    public bool HasWalkTo(UdpAddress destination, long nowTicks)
        => _walkUntil.TryGetValue(destination, out var until) && until >= nowTicks;

    /// <summary>
    /// Makes room by forgetting the oldest challenge: a flood of requests from fresh addresses churns through challenges,
    /// while a real requester answers within a round trip, and our own walks are never pushed out.
    /// </summary>
    private bool EvictOldestChallenge()
    {
        if (_walkUntil.Count >= capacity)
        {
            return false;
        }

        return TableEviction.RemoveOldest(_byId, static entry => entry.Challenge ? entry.Expiry : long.MaxValue);
    }

    private bool Prune(long nowTicks)
    {
        var removed = TableEviction.RemoveStale(_byId, nowTicks, static (entry, now) => entry.Expiry < now)
            + TableEviction.RemoveStale(_walkUntil, nowTicks, static (until, now) => until < now);
        return removed > 0 && _byId.Count < capacity && _walkUntil.Count < capacity;
    }

    private readonly record struct Entry(UdpAddress Destination, long Expiry, bool Challenge);
}
