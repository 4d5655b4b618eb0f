using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipv8.Messaging;

/// <summary>
/// A UDP endpoint served by several sockets bound to one address and port with <c>SO_REUSEPORT</c> (Linux), each read by
/// its own thread that runs the listeners itself: the kernel picks a socket by a hash of the datagram's source and
/// destination, so one source's datagrams always reach the same thread, in order, with no hand-off between threads.
/// </summary>
/// <remarks>
/// <para>Why: on a multi-core machine this lets the listeners (signature checks, signing) run on every core without the
/// per-datagram hand-off of <see cref="UdpEndpointOptions.ReceiveWorkers"/> (a copy, a queue, a block and a wake-up of the
/// receive thread per datagram, and one send lock that the workers wait for), and each shard sends through its own
/// socket (docs/benchmarks.md, issue 15 goal 3, session 20).</para>
/// <para>Overload: before each listener call the shard reads ahead every datagram its socket holds into a bounded queue
/// (<see cref="UdpEndpointOptions.ReceiveQueueCapacity"/> per shard, pooled copies) and drops what does not fit, counted as
/// <see cref="DropReason.ReceiveQueueFull"/>, so the socket is emptied between any two listener calls and the excess is
/// dropped in user space, not by the kernel. A datagram that arrives while the queue is empty and nothing else waits is
/// handled from the receive buffer without a copy. Trade-off against receive workers: a single listener call that stalls
/// for longer than the socket buffer lasts (<see cref="UdpEndpointOptions.ReceiveBufferSize"/>, ~1,400 small datagrams)
/// lets the kernel drop at that socket; the workers' receive thread never runs listeners.
/// Listeners are called by up to <see cref="ShardCount"/> threads at once (different sources), so they must be
/// thread-safe, as with receive workers.</para>
/// <para>Order: per source as long as the set of sockets does not change. All shards are bound before any is read; a
/// datagram that arrived at the first socket before the others were bound (microseconds after <see cref="OpenAsync"/>
/// started) may be handled after a later one of the same source.</para>
/// <para>Security: the kernel lets another socket join the group only from a process of the same effective user, which
/// would then receive a share of the datagrams; the same holds for any <c>SO_REUSEPORT</c> server. The endpoint itself never
/// joins a group it did not create: it first binds the port without the option, so a port held by anyone (another instance
/// of the same configuration included) counts as in use and the next port is tried.</para>
/// <para>Platform: <c>SO_REUSEPORT</c> load balancing is Linux behaviour; elsewhere the endpoint opens one socket (one
/// shard). <see cref="UdpEndpointOptions.ReceiveWorkers"/> and <see cref="UdpEndpointOptions.ReuseAddress"/> are not used. Failures: <see cref="OpenAsync"/> throws
/// <see cref="SocketException"/> when a socket could not be bound (the others are closed again); everything else is counted
/// and logged, never thrown.</para>
/// </remarks>
public sealed class ReusePortUdpEndpoint : IEndpoint
{
    /// <summary>The most shards an endpoint opens.</summary>
    public const int MaxShards = 64;

    private const int SolSocket = 1; // SOL_SOCKET on Linux
    private const int SoReusePort = 15; // SO_REUSEPORT on Linux

    private readonly UdpEndpointOptions _options;
    private readonly ILogger _logger;
    private readonly DatagramRouter _router;
    private readonly Lock _stateGate = new();
    private volatile Shard[]? _shards;
    private Task[] _receiveTasks = [];
    private UdpAddress _localAddress;

    /// <summary>Creates a closed endpoint of <paramref name="shards"/> sockets; call <see cref="OpenAsync"/> to bind.</summary>
    /// <param name="options">Bind address (port 0: one ephemeral port shared by all shards), receive buffer size per socket, bind attempts, broadcast.</param>
    /// <param name="shards">Sockets and receive threads, 1 to <see cref="MaxShards"/>; 1 on a system other than Linux.</param>
    /// <param name="logger">Receives bind, close and failure events; none when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, or <paramref name="shards"/> is not 1 to <see cref="MaxShards"/>.</exception>
    public ReusePortUdpEndpoint(UdpEndpointOptions options, int shards, ILogger? logger = null)
        : this(options, shards, logger, new EndpointCounters(), null)
    {
    }

    /// <summary>Creates an endpoint sharing <paramref name="counters"/> and <paramref name="router"/> (dispatcher).</summary>
    internal ReusePortUdpEndpoint(UdpEndpointOptions options, int shards, ILogger? logger, EndpointCounters counters, DatagramRouter? router)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shards, MaxShards);
        _options = options;
        ShardCount = OperatingSystem.IsLinux() ? shards : 1;
        _logger = logger ?? NullLogger.Instance;
        Counters = counters;
        _router = router ?? new DatagramRouter(Counters.Drops, _logger);
    }

    /// <summary>Gets the options this endpoint was created with (its shard count is <see cref="ShardCount"/>).</summary>
    public UdpEndpointOptions Options => _options;

    /// <summary>Gets the number of sockets (and receive threads) this endpoint opens.</summary>
    public int ShardCount { get; }

    /// <inheritdoc/>
    public bool IsOpen => _shards is not null;

    /// <inheritdoc/>
    /// <remarks>Keeps the last bound address after <see cref="CloseAsync"/>.</remarks>
    public UdpAddress LocalAddress => _localAddress;

    /// <inheritdoc/>
    public EndpointCounters Counters { get; }

    /// <summary>Gets the router that demultiplexes this endpoint's datagrams.</summary>
    public DatagramRouter Router => _router;

    /// <summary>Gets the datagrams each shard has received so far (how evenly the kernel spreads the sources).</summary>
    public IReadOnlyList<long> ReceivedPerShard => _shards is { } shards ? [.. shards.Select(s => Interlocked.Read(ref s.Received))] : [];

    /// <inheritdoc/>
    public bool SupportsAddressFamily(AddressFamily family) => IsOpen && _options.BindAddress.Family == family;

    /// <inheritdoc/>
    public UdpAddress GetLocalAddress(AddressFamily family) => _localAddress.Family == family && !_localAddress.IsZero ? _localAddress : UdpAddress.Zero;

    /// <inheritdoc/>
    public ValueTask OpenAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_stateGate)
        {
            if (_shards is not null)
            {
                return ValueTask.CompletedTask;
            }

            var sockets = BindAll(cancellationToken);
            _localAddress = UdpAddress.FromEndPoint((IPEndPoint)sockets[0].LocalEndPoint!);
            var shards = sockets.Select(s => new Shard(s)).ToArray();
            _shards = shards;
            _receiveTasks = [.. shards.Select(shard => Task.Factory.StartNew(
                () => ReceiveLoop(shards, shard), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))];
            EndpointLog.Bound(_logger, _localAddress);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    /// <remarks>Disposes the sockets, then waits up to <see cref="UdpEndpoint.CloseTimeout"/> for the receive threads to end.</remarks>
    public async ValueTask CloseAsync()
    {
        Task[] tasks;
        lock (_stateGate)
        {
            var shards = _shards;
            if (shards is null)
            {
                return;
            }

            _shards = null;
            tasks = _receiveTasks;
            _receiveTasks = [];
            foreach (var shard in shards)
            {
                lock (shard.SendGate)
                {
                    shard.Socket.Dispose();
                }
            }
        }

        try
        {
            await Task.WhenAll(tasks).WaitAsync(UdpEndpoint.CloseTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            EndpointLog.ReceiveLoopSlowToStop(_logger, _localAddress, UdpEndpoint.CloseTimeout);
        }

        EndpointLog.Closed(_logger, _localAddress);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => CloseAsync();

    /// <inheritdoc/>
    /// <remarks>
    /// Thread-safe. Sends through the first shard whose send lock is free (starting from one chosen by the calling thread),
    /// so the shards' threads answering at the same time do not wait for each other; all shards share the source address.
    /// </remarks>
    public bool Send(UdpAddress destination, ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > EndpointCounters.MaxSendSize)
        {
            Counters.Drops.Increment(DropReason.SendTooLarge);
            return false;
        }

        var shards = _shards;
        if (shards is null || destination.Family != _options.BindAddress.Family)
        {
            Counters.Drops.Increment(DropReason.SendFailed);
            return false;
        }

        var first = (int)((uint)Environment.CurrentManagedThreadId % (uint)shards.Length);
        var shard = shards[first];
        var locked = false;
        for (var i = 0; i < shards.Length && !locked; i++)
        {
            shard = shards[(first + i) % shards.Length];
            locked = shard.SendGate.TryEnter();
        }

        if (!locked)
        {
            shard = shards[first];
            shard.SendGate.Enter();
        }

        try
        {
            return UdpEndpoint.SendTo(shard.Socket, shard.SendAddress, destination, datagram, Counters, _logger);
        }
        finally
        {
            shard.SendGate.Exit();
        }
    }

    /// <inheritdoc/>
    public void AddListener(IDatagramListener listener) => _router.AddListener(listener);

    /// <inheritdoc/>
    public void AddPrefixListener(ReadOnlySpan<byte> prefix, IDatagramListener listener) => _router.AddPrefixListener(prefix, listener);

    /// <inheritdoc/>
    public void RemoveListener(IDatagramListener listener) => _router.RemoveListener(listener);

    /// <summary>Binds the first socket (with port retries when a port is given), then the others to its exact address.</summary>
    private Socket[] BindAll(CancellationToken cancellationToken)
    {
        var first = _options.BindAddress;
        var attempts = first.Port == 0 ? 1 : Math.Min(_options.BindAttempts, ushort.MaxValue - first.Port + 1);
        var ip = first.ToIPAddress();
        SocketException? last = null;
        for (var i = 0; i < attempts; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var attempt = first.WithPort((ushort)(first.Port + i));
            var sockets = new List<Socket>(ShardCount);
            try
            {
                var port = ShardCount > 1 ? ProbeFreePort(ip, attempt.Port) : attempt.Port;
                var socket = CreateSocket();
                sockets.Add(socket);
                socket.Bind(new IPEndPoint(ip, port));
                var bound = (IPEndPoint)socket.LocalEndPoint!;
                for (var s = 1; s < ShardCount; s++)
                {
                    var other = CreateSocket();
                    sockets.Add(other);
                    other.Bind(bound);
                }

                return [.. sockets];
            }
            catch (SocketException ex)
            {
                // Another process holds the port (or, for a later shard, took it in between): try the next port whole.
                foreach (var socket in sockets)
                {
                    socket.Dispose();
                }

                last = ex;
                EndpointLog.BindRetry(_logger, attempt, ex.SocketErrorCode);
                if (ex.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported)
                {
                    break;
                }
            }
        }

        throw last ?? new SocketException((int)SocketError.AddressAlreadyInUse);
    }

    /// <summary>
    /// Binds and closes a socket without <c>SO_REUSEPORT</c> on <paramref name="port"/> (0: the kernel picks a free one) and
    /// returns the port it got. Why: the kernel lets a socket with <c>SO_REUSEPORT</c> join any group of the same user on
    /// that port, and even picks such a port for port 0, so without this check a second instance or process configured with
    /// the same port would silently take a share of the first one's datagrams instead of moving on to the next port (as
    /// py-ipv8 and <see cref="UdpEndpoint"/> do). What remains is the microseconds between this probe and the bind.
    /// </summary>
    /// <exception cref="SocketException">The port is in use (by anyone, a reuse-port group included).</exception>
    private static int ProbeFreePort(IPAddress ip, int port)
    {
        using var probe = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            probe.DualMode = false;
        }

        probe.Bind(new IPEndPoint(ip, port));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private Socket CreateSocket()
    {
        var family = _options.BindAddress.Family;
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (family == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false; // IPV6_V6ONLY = 1, as py-ipv8 sets it.
            }

            if (_options.EnableBroadcast)
            {
                socket.EnableBroadcast = true;
            }

            if (OperatingSystem.IsLinux() && ShardCount > 1)
            {
                socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
            }

            try
            {
                socket.ReceiveBufferSize = _options.ReceiveBufferSize;
            }
            catch (SocketException ex)
            {
                EndpointLog.ReceiveBufferNotSet(_logger, _options.BindAddress, _options.ReceiveBufferSize, ex.SocketErrorCode);
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void ReceiveLoop(Shard[] shards, Shard shard)
    {
        var socket = shard.Socket;
        var buffer = GC.AllocateUninitializedArray<byte>(EndpointCounters.MaxReceiveSize, pinned: true);
        var from = new SocketAddress(socket.AddressFamily);
        var pending = new Queue<QueuedDatagram>();
        var capacity = _options.ReceiveQueueCapacity;
        try
        {
            while (ReferenceEquals(_shards, shards))
            {
                if (pending.Count == 0)
                {
                    // Nothing read ahead: wait for the next datagram. When no other is waiting, it is handled straight from
                    // the receive buffer (the common case below saturation: no copy, no queue).
                    var first = Receive(shards, shard, buffer, from, out var source, out var length);
                    if (first == ReceiveResult.Closed)
                    {
                        return;
                    }

                    if (first == ReceiveResult.Skipped)
                    {
                        continue;
                    }

                    if (socket.Available == 0)
                    {
                        _router.Deliver(source, buffer.AsSpan(0, length));
                        continue;
                    }

                    pending.Enqueue(QueuedDatagram.Copy(source, buffer.AsSpan(0, length)));
                }

                // Read ahead whatever the kernel holds before each handler call, so the socket is emptied between any
                // two handler calls and overload is dropped here, counted, instead of by the kernel at a full socket.
                while (socket.Available > 0 && ReferenceEquals(_shards, shards))
                {
                    var result = Receive(shards, shard, buffer, from, out var source, out var length);
                    if (result == ReceiveResult.Closed)
                    {
                        return;
                    }

                    if (result == ReceiveResult.Skipped)
                    {
                        continue;
                    }

                    if (pending.Count < capacity)
                    {
                        pending.Enqueue(QueuedDatagram.Copy(source, buffer.AsSpan(0, length)));
                    }
                    else
                    {
                        Counters.Drops.Increment(DropReason.ReceiveQueueFull);
                    }
                }

                var next = pending.Dequeue();
                try
                {
                    // The router never throws (it counts failing listeners).
                    _router.Deliver(next.Source, next.Buffer.AsSpan(0, next.Length));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(next.Buffer);
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // Closed while asking for the waiting bytes.
        }
        catch (SocketException)
        {
            // Closed while asking for the waiting bytes.
        }
        finally
        {
            while (pending.TryDequeue(out var left))
            {
                ArrayPool<byte>.Shared.Return(left.Buffer);
            }
        }
    }

    /// <summary>
    /// Reads one datagram (blocking until one arrives) and counts it; <see cref="ReceiveResult.Skipped"/> for a failed read
    /// that does not end the loop or an unreadable source address, <see cref="ReceiveResult.Closed"/> once closed.
    /// </summary>
    private ReceiveResult Receive(Shard[] shards, Shard shard, byte[] buffer, SocketAddress from, out UdpAddress source, out int length)
    {
        source = default;
        try
        {
            length = shard.Socket.ReceiveFrom(buffer, SocketFlags.None, from);
        }
        catch (SocketException ex) when (ReferenceEquals(_shards, shards))
        {
            // ICMP errors (connection reset) and truncation do not stop the loop.
            if (ex.SocketErrorCode == SocketError.MessageSize)
            {
                Counters.Drops.Increment(DropReason.Malformed);
            }

            EndpointLog.ReceiveFailed(_logger, _localAddress, ex.SocketErrorCode);
            length = 0;
            return ReceiveResult.Skipped;
        }
        catch (SocketException)
        {
            length = 0;
            return ReceiveResult.Closed;
        }
        catch (ObjectDisposedException)
        {
            length = 0;
            return ReceiveResult.Closed;
        }

        if (!ReferenceEquals(_shards, shards))
        {
            return ReceiveResult.Closed;
        }

        if (!SocketAddressCodec.TryRead(from, out source))
        {
            Counters.Drops.Increment(DropReason.Malformed);
            return ReceiveResult.Skipped;
        }

        Interlocked.Increment(ref shard.Received);
        Counters.CountIn(length);
        return ReceiveResult.Received;
    }

    /// <summary>What one read gave.</summary>
    private enum ReceiveResult
    {
        /// <summary>A datagram, counted.</summary>
        Received,

        /// <summary>Nothing to handle; the loop goes on.</summary>
        Skipped,

        /// <summary>The endpoint was closed; the loop ends.</summary>
        Closed,
    }

    /// <summary>A datagram read ahead of its turn, in a pooled buffer.</summary>
    private readonly record struct QueuedDatagram(UdpAddress Source, byte[] Buffer, int Length)
    {
        public static QueuedDatagram Copy(UdpAddress source, ReadOnlySpan<byte> datagram)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(datagram.Length, 1));
            datagram.CopyTo(buffer);
            return new QueuedDatagram(source, buffer, datagram.Length);
        }
    }

    /// <summary>One socket of the group, with its own send address buffer and lock.</summary>
    private sealed class Shard(Socket socket)
    {
        public readonly Socket Socket = socket;
        public readonly SocketAddress SendAddress = new(socket.AddressFamily);
        public readonly Lock SendGate = new();
        public long Received;
    }
}
