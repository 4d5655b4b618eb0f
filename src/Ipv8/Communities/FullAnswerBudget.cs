using Ipv8.Messaging;

namespace Ipv8.Communities;

/// <summary>
/// The while-full answer budget: how often a community that is at <see cref="Community.MaxPeers"/> answers proven
/// requesters it cannot admit. One shared bucket would let whoever sends most take all of it (a flood of 1,000
/// challenge-answering keys drained 20 answers/s and newcomers got ~2 %), so the budget is shared out in three layers.
/// Not thread-safe (used under the network lock).
/// </summary>
/// <remarks>
/// <para><b>1. Per prefix.</b> Each /24 (IPv4) or /56 (IPv6) prefix has its own bucket
/// (<see cref="PeerTrustOptions.FullAnswersPerPrefixPerSecond"/>, <see cref="PeerTrustOptions.FullAnswerPrefixBurst"/>):
/// a flood from one network can never take more than its prefix's share of the total, whatever its number of keys or
/// sockets. This is a fair queue in its simplest form: every active prefix gets at most the same rate.</para>
/// <para><b>2. Newcomers first.</b> The total bucket (<see cref="PeerTrustOptions.FullAnswersPerSecond"/>,
/// <see cref="PeerTrustOptions.FullAnswerBurst"/>) and each prefix bucket keep their last
/// <see cref="PeerTrustOptions.FullAnswerNewcomerReserve"/> tokens (at most burst − 1) for sources we have not refused
/// recently. A refused source may take a token only while more than the reserve remains, so after one refusal each, the
/// sources of a flood stop competing with first-time requesters, even those in the flood's own prefix: the refill goes to
/// the reserve first. A flood of ever-fresh sources from one prefix still gets no more than that prefix's rate.</para>
/// <para><b>3. Cost of refusals.</b> A source is remembered as refused for <see cref="RefusalMemory"/> after its last
/// refusal (bounded table, the least recently refused forgotten first, so a flood from more addresses than the table
/// holds regains priority for the ones it forgot: the per-prefix layer still bounds it).</para>
/// <para>The total never exceeds <c>FullAnswerBurst + FullAnswersPerSecond × t</c>, as before.</para>
/// </remarks>
internal sealed class FullAnswerBudget
{
    /// <summary>How long a refused source loses its newcomer priority after its last refusal.</summary>
    public static readonly TimeSpan RefusalMemory = TimeSpan.FromSeconds(60);

    private readonly TokenRate _totalRate;
    private readonly TokenBucketTable<UdpAddress> _prefixes;
    private TokenBucket _total;
    private readonly Dictionary<UdpAddress, long> _refused = [];
    private readonly int _refusedCapacity;
    private readonly double _reserve;
    private readonly double _prefixReserve;

    public FullAnswerBudget(PeerTrustOptions options)
    {
        _totalRate = TokenRate.InUtcTicks(options.FullAnswersPerSecond, options.FullAnswerBurst);

        // Full since tick 0: the first take refills it to the burst whenever it comes (UtcTicks are never negative).
        _total = TokenBucket.Full(_totalRate, 0);
        _prefixes = new TokenBucketTable<UdpAddress>(options.MaxRateEntries, TokenRate.InUtcTicks(options.FullAnswersPerPrefixPerSecond, options.FullAnswerPrefixBurst), TableFullPolicy.RefuseUnlessIdle, reuseIdleSlots: true);
        _refusedCapacity = options.MaxRateEntries;
        _reserve = Math.Min(options.FullAnswerNewcomerReserve, options.FullAnswerBurst - 1);
        _prefixReserve = Math.Min(options.FullAnswerNewcomerReserve, options.FullAnswerPrefixBurst - 1);
    }

    /// <summary>Gets the number of sources currently remembered as refused.</summary>
    public int RefusedCount => _refused.Count;

    /// <summary>
    /// Takes an answer for <paramref name="source"/> (whose prefix is <paramref name="prefix"/>); false, and the source
    /// is remembered as refused, when its prefix's share or the total is used up. <paramref name="newcomer"/> tells
    /// whether it was answered with the newcomer priority.
    /// </summary>
    public bool TryTake(UdpAddress source, UdpAddress prefix, long nowTicks, out bool newcomer)
    {
        newcomer = !WasRefused(source, nowTicks);
        if (_prefixes.TryTake(prefix, nowTicks, newcomer ? 0 : _prefixReserve, out _) && _total.TryTake(_totalRate, nowTicks, newcomer ? 0 : _reserve))
        {
            return true;
        }

        Refuse(source, nowTicks);
        return false;
    }

    private bool WasRefused(UdpAddress source, long nowTicks)
    {
        if (!_refused.TryGetValue(source, out var last))
        {
            return false;
        }

        if (nowTicks - last < RefusalMemory.Ticks)
        {
            return true;
        }

        _refused.Remove(source);
        return false;
    }

    private void Refuse(UdpAddress source, long nowTicks)
    {
        if (!_refused.ContainsKey(source) && _refused.Count >= _refusedCapacity
            && TableEviction.RemoveStale(_refused, nowTicks - RefusalMemory.Ticks, static (last, cutoff) => last <= cutoff) == 0)
        {
            TableEviction.RemoveOldest(_refused, static last => last);
        }

        _refused[source] = nowTicks;
    }
}
