namespace Ipv8.Messaging;

/// <summary>
/// A bounded table of token buckets keyed by address, evicting the least recently used bucket when full.
/// Entries live in arrays linked in recency order that grow by doubling up to the capacity (so an idle community
/// does not pay for a full table: thousands of simulated peers each hold one), and lookups, refills and evictions
/// never allocate once the table has reached the size its traffic needs. Not thread-safe.
/// </summary>
internal sealed class BucketTable
{
    private const int None = -1;

    private const int InitialSize = 8;

    private readonly Dictionary<UdpAddress, int> _index = [];
    private UdpAddress[] _keys;
    private double[] _tokens;
    private long[] _last;
    private int[] _prev;
    private int[] _next;
    private int _head = None;
    private int _tail = None;
    private int _count;

    public BucketTable(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        var size = Math.Min(capacity, InitialSize);
        _keys = new UdpAddress[size];
        _tokens = new double[size];
        _last = new long[size];
        _prev = new int[size];
        _next = new int[size];
    }

    public int Capacity { get; }

    public int Count => _count;

    /// <summary>
    /// Finds (or creates, full, evicting the least recently used bucket when the table is full) the bucket of
    /// <paramref name="key"/>, refills it for the time since its last use and takes one token when there is one.
    /// </summary>
    /// <param name="key">The source (address or prefix).</param>
    /// <param name="now">The current timestamp.</param>
    /// <param name="frequency">Timestamp ticks per second.</param>
    /// <param name="rate">Tokens per second.</param>
    /// <param name="burst">The bucket size (a new bucket starts full).</param>
    /// <param name="evicted">True when a bucket was evicted to make room.</param>
    public bool TryTake(UdpAddress key, long now, long frequency, double rate, double burst, out bool evicted)
    {
        evicted = false;
        if (_index.TryGetValue(key, out var slot))
        {
            MoveToFront(slot);
            if (now > _last[slot])
            {
                _tokens[slot] = Math.Min(burst, _tokens[slot] + ((now - _last[slot]) * rate / frequency));
                _last[slot] = now;
            }
        }
        else
        {
            if (_count < Capacity)
            {
                if (_count == _keys.Length)
                {
                    Grow();
                }

                slot = _count++;
            }
            else
            {
                slot = _tail;
                Unlink(slot);
                _index.Remove(_keys[slot]);
                evicted = true;
            }

            _keys[slot] = key;
            _tokens[slot] = burst;
            _last[slot] = now;
            _index.Add(key, slot);
            LinkFront(slot);
        }

        if (_tokens[slot] >= 1)
        {
            _tokens[slot] -= 1;
            return true;
        }

        return false;
    }

    /// <summary>Returns true when <paramref name="key"/> has a bucket, without touching it.</summary>
    public bool Contains(UdpAddress key) => _index.ContainsKey(key);

    /// <summary>Removes the bucket of <paramref name="key"/>; returns false when it had none.</summary>
    public bool Remove(UdpAddress key)
    {
        if (!_index.Remove(key, out var slot))
        {
            return false;
        }

        Unlink(slot);
        var last = _count - 1;
        if (slot != last)
        {
            // Keep the used slots dense: move the last one into the hole.
            _keys[slot] = _keys[last];
            _tokens[slot] = _tokens[last];
            _last[slot] = _last[last];
            _index[_keys[slot]] = slot;
            var prev = _prev[last];
            var next = _next[last];
            _prev[slot] = prev;
            _next[slot] = next;
            if (prev != None)
            {
                _next[prev] = slot;
            }
            else
            {
                _head = slot;
            }

            if (next != None)
            {
                _prev[next] = slot;
            }
            else
            {
                _tail = slot;
            }
        }

        _count--;
        return true;
    }

    private void Grow()
    {
        var size = (int)Math.Min(Capacity, (long)_keys.Length * 2);
        Array.Resize(ref _keys, size);
        Array.Resize(ref _tokens, size);
        Array.Resize(ref _last, size);
        Array.Resize(ref _prev, size);
        Array.Resize(ref _next, size);
    }

    private void MoveToFront(int slot)
    {
        if (slot != _head)
        {
            Unlink(slot);
            LinkFront(slot);
        }
    }

    private void Unlink(int slot)
    {
        var prev = _prev[slot];
        var next = _next[slot];
        if (prev != None)
        {
            _next[prev] = next;
        }
        else
        {
            _head = next;
        }

        if (next != None)
        {
            _prev[next] = prev;
        }
        else
        {
            _tail = prev;
        }
    }

    private void LinkFront(int slot)
    {
        _prev[slot] = None;
        _next[slot] = _head;
        if (_head != None)
        {
            _prev[_head] = slot;
        }

        _head = slot;
        if (_tail == None)
        {
            _tail = slot;
        }
    }
}
