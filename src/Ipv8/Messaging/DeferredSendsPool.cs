namespace Ipv8.Messaging;

/// <summary>
/// A small bounded pool of <see cref="DeferredSends"/> lists for a listener whose datagrams several receive workers handle
/// at once: each worker rents one per datagram and returns it after flushing. Thread-safe (lock-free).
/// </summary>
/// <remarks>
/// Four slots exchanged atomically: at most a few workers handle one listener's datagrams at once (a rent beyond the
/// pooled lists allocates a new one), and every community holds a pool, so it is kept small (56 bytes; a
/// <c>ConcurrentQueue</c> cost ~800 bytes per community).
/// </remarks>
internal sealed class DeferredSendsPool
{
    private const int MaxPooled = 4;
    private readonly DeferredSends?[] _slots = new DeferredSends?[MaxPooled];

    /// <summary>Rents an empty list (a new one when the pool is empty).</summary>
    public DeferredSends Rent()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            if (Volatile.Read(ref _slots[i]) is not null && Interlocked.Exchange(ref _slots[i], null) is { } sends)
            {
                return sends;
            }
        }

        return new DeferredSends();
    }

    /// <summary>Returns a list; one still holding datagrams (its flush was skipped by a failure) or beyond the bound is dropped.</summary>
    public void Return(DeferredSends sends)
    {
        if (sends.Count != 0)
        {
            return;
        }

        for (var i = 0; i < _slots.Length; i++)
        {
            if (Volatile.Read(ref _slots[i]) is null && Interlocked.CompareExchange(ref _slots[i], sends, null) is null)
            {
                return;
            }
        }
    }
}
