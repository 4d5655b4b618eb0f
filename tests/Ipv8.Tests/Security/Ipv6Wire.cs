using Ipv8.Messaging;
using Ipv8.Simulation;
using Ipv8.Tests.Communities;

namespace Ipv8.Tests.Security;

/// <summary>
/// A minimal in-memory IPv6 wire for the trust tests (the simulated network is IPv4 only): endpoints on documentation
/// addresses (2001:db8::/32), datagrams queued in order and delivered by <see cref="Pump"/>, sends recorded in
/// <see cref="Sent"/>, and a virtual clock driving the overlays. No loss, no NAT.
/// </summary>
internal sealed class Ipv6Wire
{
    private const int MaxDeliveriesPerPump = 10_000;
    private readonly Dictionary<UdpAddress, WireEndpoint> _endpoints = [];
    private readonly Queue<SentDatagram> _queue = new();
    private int _hosts;

    public VirtualClock Clock { get; } = new();

    public List<SentDatagram> Sent { get; } = [];

    /// <summary>Gets the datagrams addressed to nobody on the wire (an address no endpoint holds), by destination.</summary>
    public List<SentDatagram> Unrouted { get; } = [];

    /// <summary>A fresh documentation address 2001:db8::N, port 8090.</summary>
    public UdpAddress NextAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        bytes[0] = 0x20;
        bytes[1] = 0x01;
        bytes[2] = 0x0d;
        bytes[3] = 0xb8;
        bytes[15] = (byte)++_hosts;
        return UdpAddress.FromIPv6(bytes, 8090);
    }

    public async Task<TestOverlay> AddAsync(int keySeed, int maxPeers = 30, bool trust = true)
    {
        var endpoint = new WireEndpoint(this, NextAddress());
        _endpoints.Add(endpoint.LocalAddress, endpoint);
        return await TestOverlay.CreateAsync(endpoint, keySeed, maxPeers, clock: Clock, trust: trust);
    }

    /// <summary>Puts a datagram on the wire with any source address (an attacker forging its source).</summary>
    public void Inject(UdpAddress source, UdpAddress destination, byte[] datagram) => _queue.Enqueue(new SentDatagram(source, destination, datagram));

    /// <summary>Delivers queued datagrams (and those they trigger) until the wire is quiet, advancing the clock 10 ms per round.</summary>
    public void Pump()
    {
        for (var delivered = 0; _queue.Count > 0 && delivered < MaxDeliveriesPerPump; delivered++)
        {
            var datagram = _queue.Dequeue();
            if (_endpoints.TryGetValue(datagram.Destination, out var endpoint))
            {
                endpoint.Router.Deliver(datagram.Source, datagram.Data);
            }
            else
            {
                Unrouted.Add(datagram);
            }
        }

        Clock.Advance(TimeSpan.FromMilliseconds(10));
    }

    private sealed class WireEndpoint(Ipv6Wire wire, UdpAddress address) : IEndpoint
    {
        public DatagramRouter Router { get; } = new(new DropCounters());

        public bool IsOpen { get; private set; }

        public UdpAddress LocalAddress => address;

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
            var sent = new SentDatagram(address, destination, datagram.ToArray());
            wire.Sent.Add(sent);
            wire._queue.Enqueue(sent);
            return true;
        }

        public void AddListener(IDatagramListener listener) => Router.AddListener(listener);

        public void AddPrefixListener(ReadOnlySpan<byte> prefix, IDatagramListener listener) => Router.AddPrefixListener(prefix, listener);

        public void RemoveListener(IDatagramListener listener) => Router.RemoveListener(listener);
    }
}
