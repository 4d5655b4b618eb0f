using System.Buffers;
using Microsoft.Extensions.Logging;

namespace Ipv8.Messaging;

/// <summary>
/// Hands received datagrams from the receive thread to a fixed set of workers (<see cref="UdpEndpointOptions.ReceiveWorkers"/>),
/// keeping the order of each source: a datagram goes to lane <c>hash(source) mod N</c>, and each lane has one bounded queue
/// and one worker that delivers its datagrams to the <see cref="DatagramRouter"/> one at a time, in the order queued.
/// </summary>
/// <remarks>
/// <para>Why: the receive thread must only read the socket. When it also ran the handlers (signature checks, signing,
/// the overlay lock), every pause of a handler (a timer holding the lock, a GC) stopped reading, and the kernel dropped
/// datagrams at the socket while a core idled. Here the receive thread copies the datagram into a pooled buffer and moves
/// on; a full lane drops the datagram and counts it (<see cref="DropReason.ReceiveQueueFull"/>), never blocks.</para>
/// <para>Hand-off: each lane is a single-producer single-consumer ring without a lock (a bounded <c>Channel</c> took a lock
/// on both sides: the receive thread and the worker contended for it 150-200 times a second at 9,000 datagrams/s,
/// docs/benchmarks.md, issue 15 goal 3, session 20). A lane's worker is a thread-pool work item that is queued when a
/// datagram reaches an idle lane and drains the ring until it is empty, so a busy lane costs no wake-up per datagram and
/// an idle lane holds no thread.</para>
/// <para>Threading: <see cref="Post"/> is called by one thread (the endpoint's receive loop); at most one work item per lane
/// runs at a time, so each lane's datagrams are delivered one at a time, in order. Datagrams of different lanes may be
/// delivered concurrently, so listeners must be thread-safe.</para>
/// </remarks>
internal sealed class ReceiveLanes
{
    private readonly Lane[] _lanes;
    private readonly DatagramRouter _router;
    private readonly CounterSet<DropReason> _drops;
    private readonly ILogger _logger;
    private volatile bool _completed;

    /// <summary>Creates <paramref name="workers"/> lanes of <paramref name="capacity"/> datagrams each.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workers"/> or <paramref name="capacity"/> is not positive.</exception>
    public ReceiveLanes(int workers, int capacity, DatagramRouter router, CounterSet<DropReason> drops, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _router = router;
        _drops = drops;
        _logger = logger;
        _lanes = new Lane[workers];
        for (var i = 0; i < workers; i++)
        {
            _lanes[i] = new Lane(this, capacity);
        }
    }

    /// <summary>Gets the number of lanes (and workers).</summary>
    public int Count => _lanes.Length;

    /// <summary>Gets the lane that <paramref name="source"/>'s datagrams go to.</summary>
    public int LaneOf(UdpAddress source) => (int)((uint)source.GetHashCode() % (uint)_lanes.Length);

    /// <summary>
    /// Copies <paramref name="datagram"/> into the queue of <paramref name="source"/>'s lane. Returns false, counting
    /// <see cref="DropReason.ReceiveQueueFull"/>, when that lane is full or the lanes are completed. Never blocks. Called by
    /// one thread at a time.
    /// </summary>
    public bool Post(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        if (_completed || !_lanes[LaneOf(source)].TryEnqueue(source, datagram))
        {
            _drops.Increment(DropReason.ReceiveQueueFull);
            return false;
        }

        return true;
    }

    /// <summary>Stops accepting datagrams and waits up to <paramref name="timeout"/> for the workers to deliver what is queued.</summary>
    /// <returns>True when every lane was drained in time.</returns>
    public async Task<bool> CompleteAsync(TimeSpan timeout)
    {
        _completed = true;
        Interlocked.MemoryBarrier();
        foreach (var lane in _lanes)
        {
            lane.Complete();
        }

        try
        {
            await Task.WhenAll(_lanes.Select(l => l.Drained)).WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private void Deliver(in QueuedDatagram item)
    {
        try
        {
            // The router never throws (it counts failing listeners); the catch keeps the lane alive regardless.
            _router.Deliver(item.Source, item.Buffer.AsSpan(0, item.Length));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _drops.Increment(DropReason.ListenerFailed);
            EndpointLog.ListenerFailed(_logger, nameof(ReceiveLanes), item.Source, ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(item.Buffer);
        }
    }

    private readonly record struct QueuedDatagram(UdpAddress Source, byte[] Buffer, int Length);

    /// <summary>
    /// One lane: a ring of <c>capacity</c> slots written by the receive thread (<see cref="TryEnqueue"/>) and read by at most
    /// one drain work item at a time (<see cref="Execute"/>), which is queued to the thread pool when the lane goes from idle
    /// to non-empty.
    /// </summary>
    private sealed class Lane : IThreadPoolWorkItem
    {
        private readonly ReceiveLanes _owner;
        private readonly QueuedDatagram[] _slots;
        private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _head; // next slot to read; written by the drain only
        private long _tail; // next slot to write; written by the receive thread only
        private int _scheduled; // 1 while a drain work item is queued or running

        public Lane(ReceiveLanes owner, int capacity)
        {
            _owner = owner;
            _slots = new QueuedDatagram[capacity];
        }

        public Task Drained => _drained.Task;

        private bool IsEmpty => Volatile.Read(ref _head) == Volatile.Read(ref _tail);

        public bool TryEnqueue(UdpAddress source, ReadOnlySpan<byte> datagram)
        {
            var tail = _tail;
            if (tail - Volatile.Read(ref _head) >= _slots.Length)
            {
                return false;
            }

            var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(datagram.Length, 1));
            datagram.CopyTo(buffer);
            _slots[tail % _slots.Length] = new QueuedDatagram(source, buffer, datagram.Length);
            Volatile.Write(ref _tail, tail + 1);

            // The fence orders the publication above before reading _scheduled: either a running drain sees the new
            // slot before it stops, or this sees that it stopped and queues a new one (the drain fences likewise).
            Interlocked.MemoryBarrier();
            Schedule();
            return true;
        }

        public void Complete()
        {
            // Either a drain is queued or running (it checks completion when it stops), or one is queued now to check.
            Schedule();
        }

        public void Execute()
        {
            while (true)
            {
                var head = _head;
                while (head != Volatile.Read(ref _tail))
                {
                    var index = head % _slots.Length;
                    var item = _slots[index];
                    _slots[index] = default;
                    Volatile.Write(ref _head, ++head);
                    _owner.Deliver(item);
                }

                Volatile.Write(ref _scheduled, 0);
                Interlocked.MemoryBarrier();
                if (!IsEmpty && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
                {
                    continue; // a datagram arrived as this drain stopped and no other drain took it
                }

                if (_owner._completed && IsEmpty)
                {
                    _drained.TrySetResult();
                }

                return;
            }
        }

        private void Schedule()
        {
            if (Volatile.Read(ref _scheduled) == 0 && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            }
        }
    }
}
