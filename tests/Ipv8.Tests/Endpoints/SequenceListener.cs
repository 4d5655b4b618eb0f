using System.Buffers.Binary;
using Ipv8.Messaging;

namespace Ipv8.Tests.Endpoints;

/// <summary>Checks that each source's sequence numbers arrive increasing, and how many deliveries ran at once.</summary>
internal sealed class SequenceListener : IDatagramListener
{
    private readonly Lock _gate = new();
    private readonly Dictionary<UdpAddress, int> _last = [];
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _target = int.MaxValue;
    private int _inside;

    public int Total { get; private set; }

    public int OutOfOrder { get; private set; }

    public int MaxConcurrent { get; private set; }

    /// <summary>An 8-byte datagram: the source number, then the sequence number (both big-endian).</summary>
    public static byte[] Numbered(int source, int sequence)
    {
        var datagram = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(datagram, source);
        BinaryPrimitives.WriteInt32BigEndian(datagram.AsSpan(4), sequence);
        return datagram;
    }

    public void OnDatagram(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        var inside = Interlocked.Increment(ref _inside);
        var sequence = BinaryPrimitives.ReadInt32BigEndian(datagram[4..]);
        lock (_gate)
        {
            MaxConcurrent = Math.Max(MaxConcurrent, inside);
            if (_last.TryGetValue(source, out var last) && sequence <= last)
            {
                OutOfOrder++;
            }

            _last[source] = sequence;
            Total++;
            if (Total >= _target)
            {
                _reached.TrySetResult();
            }
        }

        Interlocked.Decrement(ref _inside);
    }

    public async Task<bool> WaitForAsync(int count, TimeSpan timeout)
    {
        lock (_gate)
        {
            _target = count;
            if (Total >= count)
            {
                return true;
            }
        }

        try
        {
            await _reached.Task.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
