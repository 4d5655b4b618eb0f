using Ipv8.Messaging;

namespace Ipv8.Tests.Communities;

/// <summary>
/// A test-only in-memory datagram network on a <see cref="ManualClock"/>: every datagram is delivered after
/// <see cref="Latency"/> on the clock's thread. Records every sent datagram for assertions.
/// </summary>
internal sealed class TestHub(ManualClock clock)
{
    private readonly Dictionary<UdpAddress, TestEndpoint> _endpoints = [];

    public ManualClock Clock { get; } = clock;

    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(10);

    public List<SentDatagram> Sent { get; } = [];

    public TestEndpoint CreateEndpoint(UdpAddress address)
    {
        var endpoint = new TestEndpoint(this, address);
        _endpoints.Add(address, endpoint);
        return endpoint;
    }

    internal void Send(UdpAddress source, UdpAddress destination, ReadOnlySpan<byte> datagram)
    {
        var copy = datagram.ToArray();
        Sent.Add(new SentDatagram(source, destination, copy));
        if (!_endpoints.TryGetValue(destination, out var target))
        {
            return;
        }

        ITimer? timer = null;
        timer = Clock.CreateTimer(_ =>
        {
            timer!.Dispose();
            target.Deliver(source, copy);
        }, null, Latency, Timeout.InfiniteTimeSpan);
    }

    internal sealed record SentDatagram(UdpAddress Source, UdpAddress Destination, byte[] Data)
    {
        public byte MessageId => Data.Length > 22 ? Data[22] : (byte)0;
    }
}

/// <summary>A test-only endpoint on a <see cref="TestHub"/> with py-ipv8 prefix routing.</summary>
internal sealed class TestEndpoint(TestHub hub, UdpAddress address) : IEndpoint
{
    private readonly List<(byte[] Prefix, IDatagramListener Listener)> _prefixListeners = [];
    private readonly List<IDatagramListener> _listeners = [];

    public bool IsOpen { get; private set; }

    public UdpAddress LocalAddress => IsOpen ? address : UdpAddress.Zero;

    public EndpointCounters Counters { get; } = new();

    public ValueTask OpenAsync(CancellationToken cancellationToken = default)
    {
        IsOpen = true;
        return ValueTask.CompletedTask;
    }

    public ValueTask CloseAsync()
    {
        IsOpen = false;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => CloseAsync();

    public bool Send(UdpAddress destination, ReadOnlySpan<byte> datagram)
    {
        if (!IsOpen)
        {
            Counters.Drops.Count(DropReason.SendFailed);
            return false;
        }

        Counters.CountOut(datagram.Length);
        hub.Send(address, destination, datagram);
        return true;
    }

    public void AddListener(IDatagramListener listener) => _listeners.Add(listener);

    public void AddPrefixListener(ReadOnlySpan<byte> prefix, IDatagramListener listener) => _prefixListeners.Add((prefix.ToArray(), listener));

    public void RemoveListener(IDatagramListener listener)
    {
        _listeners.Remove(listener);
        _prefixListeners.RemoveAll(p => ReferenceEquals(p.Listener, listener));
    }

    internal void Deliver(UdpAddress source, byte[] datagram)
    {
        if (!IsOpen)
        {
            return;
        }

        Counters.CountIn(datagram.Length);
        var matched = false;
        foreach (var (prefix, listener) in _prefixListeners.ToArray())
        {
            if (datagram.AsSpan().StartsWith(prefix))
            {
                matched = true;
                listener.OnDatagram(source, datagram);
            }
        }

        if (!matched)
        {
            foreach (var listener in _listeners.ToArray())
            {
                listener.OnDatagram(source, datagram);
            }
        }
    }
}
