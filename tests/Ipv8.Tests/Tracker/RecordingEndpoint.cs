using Ipv8.Messaging;

namespace Ipv8.Tests.Tracker;

/// <summary>Wraps an endpoint and counts, per remote address, the packets and bytes received from it and sent to it.</summary>
internal sealed class RecordingEndpoint(IEndpoint inner) : IEndpoint
{
    private readonly Dictionary<UdpAddress, Traffic> _traffic = [];
    private readonly Dictionary<IDatagramListener, Tap> _taps = [];

    public bool IsOpen => inner.IsOpen;

    public UdpAddress LocalAddress => inner.LocalAddress;

    public EndpointCounters Counters => inner.Counters;

    public IReadOnlyDictionary<UdpAddress, Traffic> TrafficByAddress => _traffic;

    public ValueTask OpenAsync(CancellationToken cancellationToken = default) => inner.OpenAsync(cancellationToken);

    public ValueTask CloseAsync() => inner.CloseAsync();

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    public bool Send(UdpAddress destination, ReadOnlySpan<byte> datagram)
    {
        lock (_traffic)
        {
            var t = Get(destination);
            t.PacketsOut++;
            t.BytesOut += datagram.Length;
        }

        return inner.Send(destination, datagram);
    }

    /// <summary>Delivers a datagram "from" <paramref name="source"/> (spoofed) to the listeners, counting it as received.</summary>
    public void Inject(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        Tap[] taps;
        lock (_traffic)
        {
            taps = [.. _taps.Values];
        }

        foreach (var tap in taps)
        {
            tap.OnDatagram(source, datagram);
        }
    }

    public void AddListener(IDatagramListener listener)
    {
        var tap = new Tap(this, listener);
        lock (_traffic)
        {
            _taps[listener] = tap;
        }

        inner.AddListener(tap);
    }

    public void AddPrefixListener(ReadOnlySpan<byte> prefix, IDatagramListener listener) => throw new NotSupportedException();

    public void RemoveListener(IDatagramListener listener)
    {
        lock (_traffic)
        {
            if (_taps.Remove(listener, out var tap))
            {
                inner.RemoveListener(tap);
            }
        }
    }

    private Traffic Get(UdpAddress address)
    {
        if (!_traffic.TryGetValue(address, out var t))
        {
            _traffic[address] = t = new Traffic();
        }

        return t;
    }

    internal sealed class Traffic
    {
        public long PacketsIn { get; set; }

        public long BytesIn { get; set; }

        public long PacketsOut { get; set; }

        public long BytesOut { get; set; }
    }

    private sealed class Tap(RecordingEndpoint owner, IDatagramListener listener) : IDatagramListener
    {
        public void OnDatagram(UdpAddress source, ReadOnlySpan<byte> datagram)
        {
            lock (owner._traffic)
            {
                var t = owner.Get(source);
                t.PacketsIn++;
                t.BytesIn += datagram.Length;
            }

            listener.OnDatagram(source, datagram);
        }
    }
}
