using Ipv8.Messaging;
using Ipv8.Peers;

namespace Ipv8.Communities;

/// <summary>
/// Chooses the peer an introduction-response introduces: for a requester seen before, the candidate after the one it
/// was last introduced to (in the candidates' order, cyclically); for a new requester, or when that peer is no longer a
/// candidate, a random one. A requester that asks the same responder repeatedly so learns its peers without repeats
/// (all of them in as many requests as there are candidates), where independent random choices (py-ipv8's) repeat
/// peers and leave the last missing one to a coupon-collector tail. On the wire it is still one introduction per answer.
/// </summary>
/// <remarks>
/// Memory is bounded: the last introduced peer of at most <see cref="Capacity"/> requesters (least recently answered
/// evicted; an evicted requester starts at a random candidate again), allocated at the first answer. Not thread-safe: the
/// community calls it under the network lock.
/// </remarks>
internal sealed class IntroductionRotation
{
    /// <summary>
    /// The default number of requesters remembered: the default <c>max_peers</c> (30) and a little more, since the peers are
    /// the ones asking regularly (about 80 bytes per entry: at most ~2.6 KB per community).
    /// </summary>
    public const int DefaultCapacity = 32;

    private LruTable<UdpAddress, Peer>? _lastIntroduced;

    /// <summary>Creates an empty rotation.</summary>
    /// <param name="capacity">The number of requesters remembered.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive.</exception>
    public IntroductionRotation(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    /// <summary>Gets the number of requesters remembered at most.</summary>
    public int Capacity { get; }

    /// <summary>Gets the number of requesters remembered now.</summary>
    public int Count => _lastIntroduced?.Count ?? 0;

    /// <summary>
    /// Returns the peer to introduce to <paramref name="requester"/> among the first <paramref name="count"/> entries of
    /// <paramref name="candidates"/> (which exclude the requester itself), and remembers it; null when there is none.
    /// </summary>
    /// <param name="requester">The requester's address (the UDP source of its request).</param>
    /// <param name="candidates">The peers that may be introduced, in a stable order (the network's order of verification).</param>
    /// <param name="count">The number of candidates at the start of <paramref name="candidates"/>.</param>
    /// <param name="random">Chooses the first candidate for a requester without a remembered position.</param>
    /// <returns>The chosen peer, or null when <paramref name="count"/> is 0.</returns>
    public Peer? Choose(UdpAddress requester, List<Peer> candidates, int count, Random random)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(random);
        if (count <= 0)
        {
            return null;
        }

        _lastIntroduced ??= new LruTable<UdpAddress, Peer>(Capacity);
        ref var last = ref _lastIntroduced.Find(requester, out var found);
        var index = found ? IndexOf(candidates, count, last) : -1;
        index = index < 0 ? random.Next(count) : (index + 1) % count;
        var chosen = candidates[index];
        if (found)
        {
            last = chosen;
        }
        else
        {
            _lastIntroduced.AddNew(requester, out _) = chosen;
        }

        return chosen;
    }

    private static int IndexOf(List<Peer> candidates, int count, Peer peer)
    {
        for (var i = 0; i < count; i++)
        {
            if (ReferenceEquals(candidates[i], peer))
            {
                return i;
            }
        }

        return -1;
    }
}
