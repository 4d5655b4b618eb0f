using System.Runtime.CompilerServices;

namespace Ipv8.Messaging;

/// <summary>
/// A dictionary bounded by <see cref="Capacity"/> that keeps its entries in recency order and evicts the least recently
/// used one when full: the bounded table behind <see cref="TokenBucketTable{TKey}"/> and the tracker's community table.
/// </summary>
/// <remarks>
/// Entries live in arrays linked in recency order that grow by doubling up to the capacity (an idle table does not pay
/// for its bound: thousands of simulated peers each hold several), and lookups, insertions and evictions never allocate
/// once the table has reached the size its traffic needs (for keys whose equality does not allocate). Values are reached
/// by reference, so a mutable struct (a <see cref="TokenBucket"/>) is updated in place. Not thread-safe.
/// </remarks>
/// <typeparam name="TKey">The key.</typeparam>
/// <typeparam name="TValue">The value.</typeparam>
internal sealed class LruTable<TKey, TValue>
    where TKey : notnull
{
    private const int None = -1;
    private const int InitialSize = 8;

    private readonly Dictionary<TKey, int> _index = [];
    private TKey[] _keys;
    private TValue[] _values;
    private int[] _prev;
    private int[] _next;
    private int _head = None;
    private int _tail = None;

    /// <summary>Creates an empty table.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive.</exception>
    public LruTable(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        var size = Math.Min(capacity, InitialSize);
        _keys = new TKey[size];
        _values = new TValue[size];
        _prev = new int[size];
        _next = new int[size];
    }

    /// <summary>Gets the most entries the table holds.</summary>
    public int Capacity { get; }

    /// <summary>Gets the number of entries.</summary>
    public int Count { get; private set; }

    /// <summary>Gets a value indicating whether the table holds <see cref="Capacity"/> entries (a new key evicts).</summary>
    public bool IsFull => Count == Capacity;

    /// <summary>Gets the values, most recently used first (a lazy sequence: do not change the table while enumerating).</summary>
    public IEnumerable<TValue> Values
    {
        get
        {
            for (var slot = _head; slot != None; slot = _next[slot])
            {
                yield return _values[slot];
            }
        }
    }

    /// <summary>
    /// Returns a reference to the value of <paramref name="key"/> and marks it most recently used; when absent,
    /// <paramref name="found"/> is false and the reference is a null reference (do not use it).
    /// </summary>
    public ref TValue Find(TKey key, out bool found)
    {
        found = _index.TryGetValue(key, out var slot);
        if (!found)
        {
            return ref Unsafe.NullRef<TValue>();
        }

        MoveToFront(slot);
        return ref _values[slot];
    }

    /// <summary>Finds <paramref name="key"/> and marks it most recently used.</summary>
    public bool TryGet(TKey key, out TValue value)
    {
        ref var found = ref Find(key, out var exists);
        value = exists ? found : default!;
        return exists;
    }

    /// <summary>Returns a reference to the least recently used value (its key in <paramref name="key"/>); false, with a null reference, when empty.</summary>
    public ref TValue PeekLeastRecent(out TKey key, out bool any)
    {
        any = _tail != None;
        key = any ? _keys[_tail] : default!;
        return ref any ? ref _values[_tail] : ref Unsafe.NullRef<TValue>();
    }

    /// <summary>Returns true when <paramref name="key"/> is present, without touching it.</summary>
    public bool Contains(TKey key) => _index.ContainsKey(key);

    /// <summary>
    /// Adds <paramref name="key"/> (which must be absent) as most recently used, evicting the least recently used entry
    /// when full, and returns a reference to its value slot (set to <c>default</c>).
    /// </summary>
    /// <param name="key">The new key.</param>
    /// <param name="evicted">The evicted entry when one was evicted.</param>
    /// <returns>A reference to the new entry's value.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is present.</exception>
    public ref TValue AddNew(TKey key, out KeyValuePair<TKey, TValue>? evicted)
    {
        evicted = null;
        int slot;
        if (Count < Capacity)
        {
            if (Count == _keys.Length)
            {
                Grow();
            }

            slot = Count;
            _index.Add(key, slot);
            Count++;
        }
        else
        {
            _index.Add(key, _tail);
            slot = _tail;
            evicted = new KeyValuePair<TKey, TValue>(_keys[slot], _values[slot]);
            Unlink(slot);
            _index.Remove(_keys[slot]);
        }

        _keys[slot] = key;
        _values[slot] = default!;
        LinkFront(slot);
        return ref _values[slot];
    }

    /// <summary>Adds (or replaces) <paramref name="key"/> as most recently used; evicts the least recently used entry when full.</summary>
    /// <returns>True with the evicted entry when one was evicted.</returns>
    public bool Add(TKey key, TValue value, out KeyValuePair<TKey, TValue> evicted)
    {
        ref TValue slot = ref Find(key, out var found);
        KeyValuePair<TKey, TValue>? removed = null;
        if (!found)
        {
            slot = ref AddNew(key, out removed);
        }

        slot = value;
        evicted = removed ?? default;
        return removed is not null;
    }

    /// <summary>Removes <paramref name="key"/>; returns false when it was absent.</summary>
    public bool Remove(TKey key)
    {
        if (!_index.Remove(key, out var slot))
        {
            return false;
        }

        Unlink(slot);
        var last = Count - 1;
        if (slot != last)
        {
            // Keep the used slots dense: move the last one into the hole.
            _keys[slot] = _keys[last];
            _values[slot] = _values[last];
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

        // Release references held by the freed slot (a class value or key must not outlive its entry).
        _keys[last] = default!;
        _values[last] = default!;
        Count--;
        return true;
    }

    private void Grow()
    {
        var size = (int)Math.Min(Capacity, (long)_keys.Length * 2);
        Array.Resize(ref _keys, size);
        Array.Resize(ref _values, size);
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
