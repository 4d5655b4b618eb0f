namespace Ipv8.Tracker;

/// <summary>A dictionary bounded by <see cref="Capacity"/> that evicts its least recently used entry. Not thread-safe.</summary>
internal sealed class LruTable<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>> _map = [];
    private readonly LinkedList<KeyValuePair<TKey, TValue>> _order = new();

    public LruTable(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count => _map.Count;

    public IEnumerable<TValue> Values
    {
        get
        {
            foreach (var pair in _order)
            {
                yield return pair.Value;
            }
        }
    }

    /// <summary>Finds <paramref name="key"/> and marks it most recently used.</summary>
    public bool TryGet(TKey key, out TValue value)
    {
        if (_map.TryGetValue(key, out var node))
        {
            _order.Remove(node);
            _order.AddFirst(node);
            value = node.Value.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Returns true when <paramref name="key"/> is present, without touching it.</summary>
    public bool Contains(TKey key) => _map.ContainsKey(key);

    /// <summary>Adds (or replaces) <paramref name="key"/> as most recently used; evicts the least recently used entry when full.</summary>
    /// <returns>True with the evicted entry when one was evicted.</returns>
    public bool Add(TKey key, TValue value, out KeyValuePair<TKey, TValue> evicted)
    {
        evicted = default;
        var didEvict = false;
        if (_map.TryGetValue(key, out var existing))
        {
            _order.Remove(existing);
            _map.Remove(key);
        }
        else if (_map.Count >= Capacity)
        {
            var last = _order.Last!;
            _order.RemoveLast();
            _map.Remove(last.Value.Key);
            evicted = last.Value;
            didEvict = true;
        }

        _map[key] = _order.AddFirst(new KeyValuePair<TKey, TValue>(key, value));
        return didEvict;
    }

    public bool Remove(TKey key)
    {
        if (_map.Remove(key, out var node))
        {
            _order.Remove(node);
            return true;
        }

        return false;
    }
}
