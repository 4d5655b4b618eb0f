using System.Runtime.CompilerServices;

namespace Ipv8.Messaging;

/// <summary>
/// A dictionary bounded by <see cref="Capacity"/> that keeps its entries in recency order and evicts the least recently
/// used one when full: the bounded table behind <see cref="TokenBucketTable{TKey}"/>, the tracker's community table and the
/// network's known addresses (which never touch an entry, so recency order is insertion order there).
/// </summary>
/// <remarks>
/// <para>Memory: nothing is allocated until the first entry is added (an idle table costs one small object: thousands of
/// simulated peers each hold several tables). Entries then live in one array of structs (key, value, hash chain and the
/// two recency links) with one array of hash buckets beside it; both grow by doubling up to the capacity. Each key is
/// stored once (a <see cref="Dictionary{TKey, TValue}"/> index beside key, value and link arrays stored it twice and cost
/// six objects per table).</para>
/// <para>Lookups, insertions and evictions never allocate once the table has reached the size its traffic needs (for keys
/// whose equality does not allocate). Values are reached by reference, so a mutable struct (a <see cref="TokenBucket"/>)
/// is updated in place. Not thread-safe.</para>
/// </remarks>
/// <typeparam name="TKey">The key; equality and hash code through <see cref="EqualityComparer{T}.Default"/>.</typeparam>
/// <typeparam name="TValue">The value.</typeparam>
internal sealed class LruTable<TKey, TValue>
    where TKey : notnull
{
    private const int None = -1;
    private const int InitialSize = 4;

    private Entry[]? _entries;

    // Head of each hash chain, as slot + 1 (0: empty), so a new array needs no initialisation.
    private int[]? _buckets;
    private int _bucketShift;
    private int _used;
    private int _free = None;
    private int _head = None;
    private int _tail = None;

    /// <summary>Creates an empty table; allocates nothing until the first entry is added.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive.</exception>
    public LruTable(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    /// <summary>Gets the most entries the table holds.</summary>
    public int Capacity { get; }

    /// <summary>Gets the number of entries.</summary>
    public int Count { get; private set; }

    /// <summary>Gets a value indicating whether the table holds <see cref="Capacity"/> entries (a new key evicts).</summary>
    public bool IsFull => Count == Capacity;

    /// <summary>Gets the number of entry slots allocated (0 before the first entry; at most <see cref="Capacity"/>).</summary>
    public int AllocatedSlots => _entries?.Length ?? 0;

    /// <summary>Gets the values, most recently used first (a lazy sequence: do not change the table while enumerating).</summary>
    public IEnumerable<TValue> Values
    {
        get
        {
            for (var slot = _head; slot != None; slot = _entries![slot].Next)
            {
                yield return _entries![slot].Value;
            }
        }
    }

    /// <summary>
    /// Returns a reference to the value of <paramref name="key"/> and marks it most recently used; when absent,
    /// <paramref name="found"/> is false and the reference is a null reference (do not use it).
    /// </summary>
    public ref TValue Find(TKey key, out bool found)
    {
        var slot = IndexOf(key);
        found = slot != None;
        if (!found)
        {
            return ref Unsafe.NullRef<TValue>();
        }

        MoveToFront(slot);
        return ref _entries![slot].Value;
    }

    /// <summary>
    /// Returns a reference to the value of <paramref name="key"/> without changing its place in the recency order; when
    /// absent, <paramref name="found"/> is false and the reference is a null reference (do not use it).
    /// </summary>
    public ref TValue Peek(TKey key, out bool found)
    {
        var slot = IndexOf(key);
        found = slot != None;
        return ref found ? ref _entries![slot].Value : ref Unsafe.NullRef<TValue>();
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
        key = any ? _entries![_tail].Key : default!;
        return ref any ? ref _entries![_tail].Value : ref Unsafe.NullRef<TValue>();
    }

    /// <summary>Returns true when <paramref name="key"/> is present, without touching it.</summary>
    public bool Contains(TKey key) => IndexOf(key) != None;

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
        var hash = EqualityComparer<TKey>.Default.GetHashCode(key);
        if (IndexOf(key, hash) != None)
        {
            throw new ArgumentException("The key is already present.", nameof(key));
        }

        evicted = null;
        if (Count == Capacity)
        {
            var victim = _tail;
            evicted = new KeyValuePair<TKey, TValue>(_entries![victim].Key, _entries[victim].Value);
            RemoveSlot(victim);
        }

        var slot = TakeSlot();
        ref var entry = ref _entries![slot];
        entry.Key = key;
        entry.Value = default!;
        entry.HashCode = hash;
        var bucket = BucketOf(hash);
        entry.NextInChain = _buckets![bucket] - 1;
        _buckets[bucket] = slot + 1;
        Count++;
        LinkFront(slot);
        return ref entry.Value;
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
        var slot = IndexOf(key);
        if (slot == None)
        {
            return false;
        }

        RemoveSlot(slot);
        return true;
    }

    /// <summary>Removes the least recently used entry; returns false when the table is empty.</summary>
    public bool RemoveLeastRecent(out TKey key)
    {
        if (_tail == None)
        {
            key = default!;
            return false;
        }

        key = _entries![_tail].Key;
        RemoveSlot(_tail);
        return true;
    }

    /// <summary>
    /// Enumerates the entries least recently used first (for a table whose entries are never touched: oldest first),
    /// without allocating. Do not change the table while enumerating.
    /// </summary>
    public OldestFirstEnumerator OldestFirst() => new(this);

    private int IndexOf(TKey key) => _buckets is null ? None : IndexOf(key, EqualityComparer<TKey>.Default.GetHashCode(key));

    private int IndexOf(TKey key, int hash)
    {
        if (_buckets is null)
        {
            return None;
        }

        var entries = _entries!;
        for (var slot = _buckets[BucketOf(hash)] - 1; slot != None; slot = entries[slot].NextInChain)
        {
            if (entries[slot].HashCode == hash && EqualityComparer<TKey>.Default.Equals(entries[slot].Key, key))
            {
                return slot;
            }
        }

        return None;
    }

    // Fibonacci hashing spreads weak hash codes (sequential addresses, small integers) over a power-of-two table.
    private int BucketOf(int hash) => (int)(((uint)hash * 2654435769u) >> _bucketShift);

    private int TakeSlot()
    {
        if (_free != None)
        {
            var slot = _free;
            _free = _entries![slot].NextInChain;
            return slot;
        }

        if (_entries is null || _used == _entries.Length)
        {
            Grow();
        }

        return _used++;
    }

    private void Grow()
    {
        var size = _entries is null ? Math.Min(Capacity, InitialSize) : (int)Math.Min(Capacity, (long)_entries.Length * 2);
        Array.Resize(ref _entries, size);
        // At least two buckets: a shift by 32 (one bucket) would be a shift by 0 in C#.
        var buckets = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, size));
        _buckets = new int[buckets];
        _bucketShift = 32 - System.Numerics.BitOperations.Log2((uint)buckets);

        // Only used slots are chained (the free list is empty whenever the table grows: slots are reused first).
        for (var slot = 0; slot < _used; slot++)
        {
            var bucket = BucketOf(_entries[slot].HashCode);
            _entries[slot].NextInChain = _buckets[bucket] - 1;
            _buckets[bucket] = slot + 1;
        }
    }

    private void RemoveSlot(int slot)
    {
        var entries = _entries!;
        var bucket = BucketOf(entries[slot].HashCode);
        var previous = None;
        for (var current = _buckets![bucket] - 1; current != slot; current = entries[current].NextInChain)
        {
            previous = current;
        }

        if (previous == None)
        {
            _buckets[bucket] = entries[slot].NextInChain + 1;
        }
        else
        {
            entries[previous].NextInChain = entries[slot].NextInChain;
        }

        Unlink(slot);

        // Release references held by the freed slot (a class value or key must not outlive its entry).
        entries[slot].Key = default!;
        entries[slot].Value = default!;
        entries[slot].NextInChain = _free;
        _free = slot;
        Count--;
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
        ref var entry = ref _entries![slot];
        if (entry.Prev != None)
        {
            _entries[entry.Prev].Next = entry.Next;
        }
        else
        {
            _head = entry.Next;
        }

        if (entry.Next != None)
        {
            _entries[entry.Next].Prev = entry.Prev;
        }
        else
        {
            _tail = entry.Prev;
        }
    }

    private void LinkFront(int slot)
    {
        ref var entry = ref _entries![slot];
        entry.Prev = None;
        entry.Next = _head;
        if (_head != None)
        {
            _entries[_head].Prev = slot;
        }

        _head = slot;
        if (_tail == None)
        {
            _tail = slot;
        }
    }

    /// <summary>Enumerates the entries of an <see cref="LruTable{TKey, TValue}"/>, least recently used first.</summary>
    public struct OldestFirstEnumerator
    {
        private readonly LruTable<TKey, TValue> _table;
        private int _slot;
        private bool _started;

        internal OldestFirstEnumerator(LruTable<TKey, TValue> table)
        {
            _table = table;
            _slot = None;
            _started = false;
        }

        /// <summary>Gets the current key.</summary>
        public readonly TKey CurrentKey => _table._entries![_slot].Key;

        /// <summary>Gets a reference to the current value.</summary>
        public readonly ref TValue CurrentValue => ref _table._entries![_slot].Value;

        /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
        public readonly OldestFirstEnumerator GetEnumerator() => this;

        /// <summary>Gets the current key (for <c>foreach</c>).</summary>
        public readonly TKey Current => CurrentKey;

        /// <summary>Moves to the next more recently used entry.</summary>
        public bool MoveNext()
        {
            _slot = _started ? _table._entries![_slot].Prev : _table._tail;
            _started = true;
            return _slot != None;
        }
    }

    private struct Entry
    {
        public TKey Key;
        public TValue Value;
        public int HashCode;
        public int NextInChain;
        public int Prev;
        public int Next;
    }
}
