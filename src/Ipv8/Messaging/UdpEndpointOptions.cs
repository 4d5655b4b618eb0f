using System.Net;

namespace Ipv8.Messaging;

/// <summary>Settings of one <see cref="UdpEndpoint"/> (py-ipv8's <c>UDPIPv4</c>/<c>UDPIPv6</c> interface).</summary>
public sealed record UdpEndpointOptions
{
    /// <summary>The default receive buffer size (SO_RCVBUF), as py-ipv8 sets it.</summary>
    public const int DefaultReceiveBufferSize = 870_400;

    /// <summary>The default capacity of each receive lane's queue, in datagrams.</summary>
    public const int DefaultReceiveQueueCapacity = 2048;

    /// <summary>The default number of bind attempts (port, port+1, ...), as py-ipv8 tries.</summary>
    public const int DefaultBindAttempts = 10_000;

    /// <summary>
    /// Gets the address and first port to bind. The family of the IP selects an IPv4 or an IPv6 socket
    /// (IPv6 sockets are IPv6-only). Port 0 lets the operating system choose. Default <c>0.0.0.0:0</c>.
    /// </summary>
    public UdpAddress BindAddress { get; init; } = UdpAddress.Zero;

    /// <summary>Gets the requested SO_RCVBUF in bytes; the OS may cap it. Default 870 400. Must be positive.</summary>
    public int ReceiveBufferSize { get; init; } = DefaultReceiveBufferSize;

    /// <summary>
    /// Gets how many ports are tried when binding fails: the configured port, then port+1, port+2, ... (never
    /// beyond 65 535). Ignored when the port is 0. Default 10 000. Must be at least 1.
    /// </summary>
    public int BindAttempts { get; init; } = DefaultBindAttempts;

    /// <summary>Gets a value indicating whether SO_BROADCAST is set, so the socket may send to a broadcast address. Default false.</summary>
    public bool EnableBroadcast { get; init; }

    /// <summary>Gets a value indicating whether SO_REUSEADDR is set before binding. Default false.</summary>
    public bool ReuseAddress { get; init; }

    /// <summary>
    /// Gets how many receive workers hand datagrams to the listeners. 0: the receive thread calls the listeners itself, one
    /// datagram at a time (the single-core path, no hand-off; that thread is the <see cref="ReceiveLoop"/>'s, which serves
    /// every socket of its loop, so inline endpoints of one loop share one core). N ≥ 1: the receive thread only reads the socket and copies
    /// each datagram into the queue of lane <c>hash(source) mod N</c>; each lane has one worker, so datagrams of one source
    /// are handled in the order received while different sources are handled on up to N cores at once (listeners must then
    /// be thread-safe, as <see cref="Communities.Community"/> and <see cref="Tracker.TrackerService"/> are: they verify
    /// signatures outside their lock and apply state changes under it). Default <see cref="Environment.ProcessorCount"/>
    /// (0 on a single-core machine). Must be 0 to 64.
    /// </summary>
    public int ReceiveWorkers { get; init; } = DefaultReceiveWorkers;

    /// <summary>
    /// Gets the capacity of each receive lane's queue in datagrams (ignored when <see cref="ReceiveWorkers"/> is 0). A
    /// datagram arriving at a full lane is dropped and counted as <see cref="DropReason.ReceiveQueueFull"/>, so overload
    /// shows in the counters instead of as kernel drops behind a stalled socket. Default 2 048 (about a quarter of a second of work per lane at 8,000 answers/s). Must be positive.
    /// </summary>
    public int ReceiveQueueCapacity { get; init; } = DefaultReceiveQueueCapacity;

    /// <summary>
    /// Gets the loop whose thread receives this endpoint's datagrams; its creator owns and disposes it (the endpoint never
    /// does). Give the endpoints of one host the same loop to receive all their sockets on one thread with one buffer (the
    /// launcher does, for every instance of a <c>launcher run</c>). Default null: the endpoint owns a private loop, created
    /// when it opens and disposed when it closes (one thread for its socket; a <see cref="DispatcherEndpoint"/> gives its
    /// two families one private loop).
    /// </summary>
    public UdpReceiveLoop? ReceiveLoop { get; init; }

    /// <summary>
    /// Gets how many sockets serve the interface when a <see cref="DispatcherEndpoint"/> opens it. 1 (default): one
    /// <see cref="UdpEndpoint"/> received by <see cref="ReceiveLoop"/>. N ≥ 2: a <see cref="ReusePortUdpEndpoint"/> of N
    /// <c>SO_REUSEPORT</c> sockets on the one port, each read by its own thread that runs the listeners itself (listeners
    /// of different sources run on up to N cores; <see cref="ReceiveWorkers"/>, <see cref="ReuseAddress"/> and
    /// <see cref="ReceiveLoop"/> are then not used; on systems other than Linux one socket). A <see cref="UdpEndpoint"/>
    /// created directly always opens one socket, and a <see cref="ReusePortUdpEndpoint"/> takes its count from its
    /// constructor. Must be 1 to <see cref="ReusePortUdpEndpoint.MaxShards"/>.
    /// </summary>
    public int ReceiveShards { get; init; } = 1;

    /// <summary>Gets the default of <see cref="ReceiveWorkers"/>: the processor count, or 0 (inline) on one core.</summary>
    public static int DefaultReceiveWorkers => Environment.ProcessorCount > 1 ? Math.Min(Environment.ProcessorCount, MaxReceiveWorkers) : 0;

    /// <summary>The largest accepted <see cref="ReceiveWorkers"/>.</summary>
    public const int MaxReceiveWorkers = 64;

    /// <summary>Options binding <paramref name="ip"/> at <paramref name="port"/> (0 for any).</summary>
    public static UdpEndpointOptions Bind(IPAddress ip, int port) => new() { BindAddress = UdpAddress.From(ip, port) };

    /// <summary>Options binding IPv4 loopback (127.0.0.1) at <paramref name="port"/> (0 for any).</summary>
    public static UdpEndpointOptions IPv4Loopback(int port = 0) => Bind(IPAddress.Loopback, port);

    /// <summary>Options binding IPv6 loopback (::1) at <paramref name="port"/> (0 for any).</summary>
    public static UdpEndpointOptions IPv6Loopback(int port = 0) => Bind(IPAddress.IPv6Loopback, port);

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size or count is not positive, <see cref="ReceiveWorkers"/> is outside 0 to 64, or <see cref="ReceiveShards"/> outside 1 to 64.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ReceiveShards, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ReceiveShards, ReusePortUdpEndpoint.MaxShards);
        ArgumentOutOfRangeException.ThrowIfNegative(ReceiveWorkers);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ReceiveWorkers, MaxReceiveWorkers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ReceiveQueueCapacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ReceiveBufferSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BindAttempts);
    }
}
