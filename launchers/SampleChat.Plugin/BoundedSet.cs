namespace SampleChat;

/// <summary>A set that forgets its oldest entry when it is full (not thread-safe; callers hold the overlay's lock).</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class BoundedSet<T>(int capacity)
    where T : notnull
{
    private readonly HashSet<T> _items = [];
    private readonly LinkedList<T> _order = [];

    public int Count => _items.Count;

    /// <summary>Adds <paramref name="item"/>; false when it was already present.</summary>
    public bool Add(T item)
    {
        if (!_items.Add(item))
        {
            return false;
        }

        _order.AddLast(item);
        if (_items.Count > capacity)
        {
            _items.Remove(_order.First!.Value);
            _order.RemoveFirst();
        }

        return true;
    }

    /// <summary>Removes <paramref name="item"/>; false when it was not present.</summary>
    public bool Remove(T item)
    {
        if (!_items.Remove(item))
        {
            return false;
        }

        _order.Remove(item);
        return true;
    }
}
