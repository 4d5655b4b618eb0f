using System.Buffers;
using System.Threading.Channels;
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
/// <para>Threading: <see cref="Post"/> is called by one thread (the endpoint's receive loop); the workers run on the
/// thread pool. Datagrams of different sources may be delivered concurrently, so listeners must be thread-safe.</para>
/// </remarks>
internal sealed class ReceiveLanes
{
    private readonly Channel<QueuedDatagram>[] _lanes;
    private readonly Task[] _workers;
    private readonly DatagramRouter _router;
    private readonly CounterSet<DropReason> _drops;
    private readonly ILogger _logger;

    /// <summary>Creates <paramref name="workers"/> lanes of <paramref name="capacity"/> datagrams each and starts their workers.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workers"/> or <paramref name="capacity"/> is not positive.</exception>
    public ReceiveLanes(int workers, int capacity, DatagramRouter router, CounterSet<DropReason> drops, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _router = router;
        _drops = drops;
        _logger = logger;
        _lanes = new Channel<QueuedDatagram>[workers];
        _workers = new Task[workers];
        var options = new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite: false when full, so the caller drops and counts
            AllowSynchronousContinuations = false,
        };
        for (var i = 0; i < workers; i++)
        {
            _lanes[i] = Channel.CreateBounded<QueuedDatagram>(options);
        }

        for (var i = 0; i < workers; i++)
        {
            var reader = _lanes[i].Reader;
            _workers[i] = Task.Run(() => RunAsync(reader));
        }
    }

    /// <summary>Gets the number of lanes (and workers).</summary>
    public int Count => _lanes.Length;

    /// <summary>Gets the lane that <paramref name="source"/>'s datagrams go to.</summary>
    public int LaneOf(UdpAddress source) => (int)((uint)source.GetHashCode() % (uint)_lanes.Length);

    /// <summary>
    /// Copies <paramref name="datagram"/> into the queue of <paramref name="source"/>'s lane. Returns false, counting
    /// <see cref="DropReason.ReceiveQueueFull"/>, when that lane is full or the lanes are completed. Never blocks.
    /// </summary>
    public bool Post(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(datagram.Length, 1));
        datagram.CopyTo(buffer);
        if (_lanes[LaneOf(source)].Writer.TryWrite(new QueuedDatagram(source, buffer, datagram.Length)))
        {
            return true;
        }

        ArrayPool<byte>.Shared.Return(buffer);
        _drops.Increment(DropReason.ReceiveQueueFull);
        return false;
    }

    /// <summary>Stops accepting datagrams and waits up to <paramref name="timeout"/> for the workers to deliver what is queued.</summary>
    /// <returns>True when every worker finished in time.</returns>
    public async Task<bool> CompleteAsync(TimeSpan timeout)
    {
        foreach (var lane in _lanes)
        {
            lane.Writer.TryComplete();
        }

        try
        {
            await Task.WhenAll(_workers).WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task RunAsync(ChannelReader<QueuedDatagram> reader)
    {
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
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
        }
    }

    private readonly record struct QueuedDatagram(UdpAddress Source, byte[] Buffer, int Length);
}
