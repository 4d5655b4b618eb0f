using Ipv8.Messaging;
using Ipv8.Peers;

namespace Ipv8.Communities;

/// <summary>
/// Introduction-requests from unproven requesters that we answered with a challenge, waiting (until their expiry) for the
/// requester's proof. One per source address (a repeated request replaces the remembered one). An expired entry is
/// forgotten when next looked up, replaced or when the table needs room, and counted in <see cref="TrustCounter.PendingExpired"/>.
/// Bounded: when full, expired entries are purged; if none expired, the oldest is forgotten. Not thread-safe.
/// </summary>
internal sealed class PendingChallenges(int capacity, TimeSpan lifetime, CounterSet<TrustCounter> counters)
{
    /// <summary>Extra bytes kept with a pending request; longer ones are dropped so the table's memory stays bounded.</summary>
    public const int MaxStoredExtraBytes = 64;

    private readonly Dictionary<UdpAddress, PendingIntroduction> _entries = [];

    public int Count => _entries.Count;

    /// <summary>Returns true when a live challenge for <paramref name="source"/> is waiting.</summary>
    public bool IsWaiting(UdpAddress source, long nowTicks)
    {
        if (!_entries.TryGetValue(source, out var entry))
        {
            return false;
        }

        if (entry.Expiry >= nowTicks)
        {
            return true;
        }

        _entries.Remove(source);
        counters.Increment(TrustCounter.PendingExpired);
        return false;
    }

    /// <summary>
    /// Remembers (or replaces) the request of <paramref name="source"/>. When the table is full of live entries the oldest
    /// is forgotten to make room and <paramref name="full"/> is set.
    /// </summary>
    public void Add(UdpAddress source, Peer requester, in IntroductionRequestInfo request, bool legacy, long nowTicks, out bool full)
    {
        full = false;
        if (_entries.TryGetValue(source, out var previous) && previous.Expiry < nowTicks)
        {
            _entries.Remove(source);
            counters.Increment(TrustCounter.PendingExpired);
        }

        if (!_entries.ContainsKey(source) && _entries.Count >= capacity && !Prune(nowTicks))
        {
            // Full of live entries: forget the oldest. A flood churns through the table, while a real requester answers
            // its challenge within a round trip; the caller counts this as a refusal.
            EvictOldest();
            full = true;
        }

        var trimmed = Trim(request);
        _entries[source] = new PendingIntroduction(requester, trimmed, trimmed, legacy, nowTicks + lifetime.Ticks);
    }

    /// <summary>Replaces the waiting request of <paramref name="source"/> when it came from the same key (keeps its expiry).</summary>
    public void TryReplace(UdpAddress source, Peer requester, in IntroductionRequestInfo request, bool legacy)
    {
        if (_entries.TryGetValue(source, out var entry) && entry.Requester.Equals(requester))
        {
            _entries[source] = entry with { Requester = requester, Request = Trim(request), Legacy = legacy };
        }
    }

    /// <summary>Removes and returns the live pending request of <paramref name="source"/>, if any.</summary>
    public bool TryTake(UdpAddress source, long nowTicks, out PendingIntroduction pending)
    {
        if (!_entries.Remove(source, out pending))
        {
            return false;
        }

        if (pending.Expiry >= nowTicks)
        {
            return true;
        }

        counters.Increment(TrustCounter.PendingExpired);
        return false;
    }

    private static IntroductionRequestInfo Trim(in IntroductionRequestInfo request)
        => request.ExtraBytes.Length > MaxStoredExtraBytes ? request with { ExtraBytes = default } : request;

    private void EvictOldest() => TableEviction.RemoveOldest(_entries, static entry => entry.Expiry);

    /// <summary>Forgets (and counts) every expired entry; true when any was forgotten.</summary>
    public bool Prune(long nowTicks)
    {
        var removed = TableEviction.RemoveStale(_entries, nowTicks, static (entry, now) => entry.Expiry < now);
        for (var i = 0; i < removed; i++)
        {
            counters.Increment(TrustCounter.PendingExpired);
        }

        return removed > 0;
    }
}

/// <summary>
/// A challenged introduction-request: who asked (key and address), what it asked, whether it came through DiscoveryCommunity's
/// 246 override, and until when it waits.
/// <see cref="First"/> is the request that triggered the challenge (a hardened peer's challenge to us, when both challenged
/// each other), <see cref="Request"/> the latest one of the same key; both are answered once the requester is proven.
/// </summary>
internal readonly record struct PendingIntroduction(Peer Requester, IntroductionRequestInfo Request, IntroductionRequestInfo First, bool Legacy, long Expiry);
