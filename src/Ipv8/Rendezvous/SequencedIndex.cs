namespace Ipv8.Rendezvous;

/// <summary>
/// Registrations in insertion order (append-only, so sorted by <see cref="Registration.Sequence"/>), with removed ones
/// skipped and compacted away once they outnumber the live ones. Pages are found by binary search, so a page costs
/// O(log n + page) whatever the size. Not thread-safe (used under the network lock).
/// </summary>
internal sealed class SequencedIndex
{
    private const int CompactionFloor = 64;
    private readonly List<Registration> _items = [];
    private int _removed;

    public int LiveCount => _items.Count - _removed;

    public void Add(Registration registration) => _items.Add(registration);

    /// <summary>Notes that one of the registrations was marked removed; compacts when removed ones dominate.</summary>
    public void NoteRemoved()
    {
        _removed++;
        if (_removed > CompactionFloor && _removed > _items.Count / 2)
        {
            _items.RemoveAll(r => r.Removed);
            _removed = 0;
        }
    }

    /// <summary>Returns a random starting cursor for a new discovery.</summary>
    public PageCursor Begin(Random random, int limit)
    {
        var start = _items.Count == 0 ? 0UL : _items[random.Next(_items.Count)].Sequence;
        return new PageCursor(start, start, false, 0, limit);
    }

    /// <summary>
    /// Collects the next page into <paramref name="page"/>: live, unexpired registrations whose records fit in
    /// <paramref name="byteBudget"/>, at most <c>Limit - Returned</c> and at most 255. Returns the advanced cursor, or null
    /// when the walk is complete (nothing more to return).
    /// </summary>
    public PageCursor? Collect(PageCursor cursor, long nowTicks, int byteBudget, List<Registration> page)
    {
        var (start, next, wrapped, returned, limit) = cursor;
        var pos = LowerBound(next);
        var bytes = 0;
        while (true)
        {
            if (!wrapped && pos == _items.Count)
            {
                wrapped = true;
                pos = 0;
                continue;
            }

            if (wrapped && (pos == _items.Count || _items[pos].Sequence >= start))
            {
                return null;
            }

            if (returned == limit)
            {
                return null;
            }

            var item = _items[pos];
            if (item.Removed || item.ExpiresAtTicks <= nowTicks)
            {
                pos++;
                continue;
            }

            if (page.Count == 0 && item.WireSize > byteBudget)
            {
                // A record that can never fit is skipped, or the walk would stall on it forever.
                pos++;
                continue;
            }

            if (page.Count == byte.MaxValue || bytes + item.WireSize > byteBudget)
            {
                return new PageCursor(start, item.Sequence, wrapped, returned, limit);
            }

            page.Add(item);
            bytes += item.WireSize;
            returned++;
            pos++;
        }
    }

    private int LowerBound(ulong sequence)
    {
        int lo = 0, hi = _items.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_items[mid].Sequence < sequence)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
