using System.Collections.Concurrent;

namespace Ipv8.Messaging;

/// <summary>
/// A small bounded pool of <see cref="DeferredSends"/> lists for a listener whose datagrams several receive workers handle
/// at once: each worker rents one per datagram and returns it after flushing. Thread-safe.
/// </summary>
internal sealed class DeferredSendsPool
{
    private const int MaxPooled = 16;
    private readonly ConcurrentQueue<DeferredSends> _pool = new();

    /// <summary>Rents an empty list (a new one when the pool is empty).</summary>
    public DeferredSends Rent() => _pool.TryDequeue(out var sends) ? sends : new DeferredSends();

    /// <summary>Returns a list; one still holding datagrams (its flush was skipped by a failure) or beyond the bound is dropped.</summary>
    public void Return(DeferredSends sends)
    {
        if (sends.Count == 0 && _pool.Count < MaxPooled)
        {
            _pool.Enqueue(sends);
        }
    }
}
