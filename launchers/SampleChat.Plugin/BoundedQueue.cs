namespace SampleChat;

/// <summary>A FIFO that drops its oldest entry when it is full (not thread-safe; callers hold the overlay's lock).</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class BoundedQueue<T>(int capacity)
{
    private readonly Queue<T> _items = new();

    public void Add(T item)
    {
        _items.Enqueue(item);
        if (_items.Count > capacity)
        {
            _items.Dequeue();
        }
    }

    public List<T> ToList() => [.. _items];
}
