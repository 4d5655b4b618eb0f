using System.Net.Sockets;
using Ipv8.Messaging;
using Ipv8.Simulation;

namespace Ipv8.Tests.Communities;

/// <summary>
/// An in-memory wire whose hosts may hold an IPv4 address (198.51.100.N:8090), an IPv6 address (2001:db8::N, port 8090)
/// or both, like a dispatcher endpoint over two sockets. A datagram leaves from the sender's address of the destination's
/// family (refused when the sender has none), is queued in order and delivered by <see cref="Pump"/>; every send is
/// recorded in <see cref="Sent"/>. A virtual clock drives the overlays. No loss, no NAT.
/// </summary>
internal sealed class DualStackWire
{
    private const int MaxDeliveriesPerPump = 10_000;
    private readonly Dictionary<UdpAddress, WireHost> _hosts = [];
    private readonly Queue<SentDatagram> _queue = new();
    private int _count;

    public VirtualClock Clock { get; } = new();

    public List<SentDatagram> Sent { get; } = [];

    /// <summary>Creates an open host endpoint with the requested families.</summary>
    public IEndpoint AddEndpoint(bool ipv4, bool ipv6)
    {
        _count++;
        UdpAddress? v4 = ipv4 ? UdpAddress.FromIPv4((198u << 24) | (51u << 16) | (100u << 8) | (uint)_count, 8090) : null;
        UdpAddress? v6 = ipv6 ? DocumentationIPv6(_count) : null;
        var host = new WireHost(this, v4, v6);
        foreach (var address in new[] { v4, v6 })
        {
            if (address is { } a)
            {
                _hosts.Add(a, host);
            }
        }

        return host;
    }

    /// <summary>A fresh documentation address 2001:db8::N, port 8090, that no host holds (a victim or an attacker).</summary>
    public UdpAddress NextIPv6Address() => DocumentationIPv6(++_count);

    public async Task<TestOverlay> AddAsync(int keySeed, bool ipv4 = true, bool ipv6 = true, bool trust = false)
        => await TestOverlay.CreateAsync(AddEndpoint(ipv4, ipv6), keySeed, clock: Clock, trust: trust);

    /// <summary>Puts a datagram on the wire with any source address.</summary>
    public void Inject(UdpAddress source, UdpAddress destination, byte[] datagram) => _queue.Enqueue(new SentDatagram(source, destination, datagram));

    /// <summary>Delivers queued datagrams (and those they trigger) until the wire is quiet, then advances the clock 10 ms.</summary>
    public void Pump()
    {
        for (var delivered = 0; _queue.Count > 0 && delivered < MaxDeliveriesPerPump; delivered++)
        {
            var datagram = _queue.Dequeue();
            if (_hosts.TryGetValue(datagram.Destination, out var host) && host.IsOpen)
            {
                host.Router.Deliver(datagram.Source, datagram.Data);
            }
        }

        Clock.Advance(TimeSpan.FromMilliseconds(10));
    }

    private sealed class WireHost(DualStackWire wire, UdpAddress? ipv4, UdpAddress? ipv6) : IEndpoint
    {
        public DatagramRouter Router { get; } = new(new CounterSet<DropReason>());

        public bool IsOpen { get; private set; }

        public UdpAddress LocalAddress => ipv4 ?? ipv6!.Value;

        public EndpointCounters Counters { get; } = new();

        public bool SupportsAddressFamily(AddressFamily family) => IsOpen && AddressOf(family) is not null;

        public UdpAddress GetLocalAddress(AddressFamily family) => AddressOf(family) ?? UdpAddress.Zero;

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
            if (!IsOpen || AddressOf(destination.Family) is not { } source)
            {
                Counters.Drops.Increment(DropReason.SendFailed);
                return false;
            }

            var sent = new SentDatagram(source, destination, datagram.ToArray());
            wire.Sent.Add(sent);
            wire._queue.Enqueue(sent);
            return true;
        }

        public void AddListener(IDatagramListener listener) => Router.AddListener(listener);

        public void AddPrefixListener(ReadOnlySpan<byte> prefix, IDatagramListener listener) => Router.AddPrefixListener(prefix, listener);

        public void RemoveListener(IDatagramListener listener) => Router.RemoveListener(listener);

        private UdpAddress? AddressOf(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? ipv6 : ipv4;
    }

    private static UdpAddress DocumentationIPv6(int host)
    {
        Span<byte> bytes = stackalloc byte[16];
        bytes[0] = 0x20;
        bytes[1] = 0x01;
        bytes[2] = 0x0d;
        bytes[3] = 0xb8;
        bytes[15] = (byte)host;
        return UdpAddress.FromIPv6(bytes, 8090);
    }
}
