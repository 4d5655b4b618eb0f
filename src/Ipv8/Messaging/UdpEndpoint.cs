using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipv8.Messaging;

/// <summary>
/// A real UDP socket as an <see cref="IEndpoint"/> (py-ipv8's <c>UDPEndpoint</c>, spec 1.1 and 1.2): one
/// address family, bind with port retries, a receive loop on its own long-running task that hands each
/// datagram to the <see cref="DatagramRouter"/>, either itself or through receive workers.
/// </summary>
/// <remarks>
/// <para>Threading: with <see cref="UdpEndpointOptions.ReceiveWorkers"/> = 0, listeners are called on the receive task,
/// one datagram at a time. With N ≥ 1 workers, the receive task only reads the socket and queues a copy of each datagram
/// to one of N lanes chosen by source address; listeners are called on the lanes' workers, in order per source, up to N
/// at once (so they must be thread-safe). <see cref="Send"/> may be called from any thread (sends are serialised by a
/// lock). The receive loop uses one 65 535-byte buffer and one reusable socket address; with workers, each datagram is
/// copied into a pooled buffer.</para>
/// <para>Failures: <see cref="OpenAsync"/> throws <see cref="SocketException"/> when no port could be bound;
/// everything else is counted in <see cref="Counters"/> and logged, never thrown.</para>
/// </remarks>
public sealed class UdpEndpoint : IEndpoint
{
    /// <summary>How long <see cref="CloseAsync"/> waits for the receive loop to end.</summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private readonly UdpEndpointOptions _options;
    private readonly ILogger _logger;
    private readonly DatagramRouter _router;
    private readonly Lock _stateGate = new();
    private readonly Lock _sendGate = new();
    private volatile Socket? _socket;
    private SocketAddress? _sendAddress;
    private Task? _receiveTask;
    private ReceiveLanes? _lanes;
    private UdpAddress _localAddress;

    /// <summary>Gets the options this endpoint was created with.</summary>
    public UdpEndpointOptions Options => _options;

    /// <summary>Creates a closed endpoint; call <see cref="OpenAsync"/> to bind.</summary>
    /// <param name="options">Bind address, buffer size and bind attempts.</param>
    /// <param name="logger">Receives bind, close and failure events; none when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public UdpEndpoint(UdpEndpointOptions options, ILogger? logger = null)
        : this(options, logger, new EndpointCounters(), null)
    {
    }

    /// <summary>Creates an endpoint sharing <paramref name="counters"/> and <paramref name="router"/> (dispatcher).</summary>
    internal UdpEndpoint(UdpEndpointOptions options, ILogger? logger, EndpointCounters counters, DatagramRouter? router)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        Counters = counters;
        _router = router ?? new DatagramRouter(counters.Drops, _logger);
    }

    /// <inheritdoc/>
    public bool IsOpen => _socket is not null;

    /// <inheritdoc/>
    /// <remarks>Keeps the last bound address after <see cref="CloseAsync"/>.</remarks>
    public UdpAddress LocalAddress => _localAddress;

    /// <summary>Gets the address family served (from the configured bind address).</summary>
    public AddressFamily Family => _options.BindAddress.Family;

    /// <inheritdoc/>
    /// <remarks>
    /// True while the socket is open and of that family. IPv6 sockets are bound IPv6-only (as py-ipv8 binds them) and
    /// <see cref="Send"/> serves only the socket's own family, so an IPv6 endpoint never claims IPv4.
    /// </remarks>
    public bool SupportsAddressFamily(AddressFamily family) => _socket is { } socket && socket.AddressFamily == family;

    /// <inheritdoc/>
    /// <remarks>The last bound address when it is of that family (kept after <see cref="CloseAsync"/>), else <see cref="UdpAddress.Zero"/>.</remarks>
    public UdpAddress GetLocalAddress(AddressFamily family) => _localAddress.Family == family && !_localAddress.IsZero ? _localAddress : UdpAddress.Zero;

    /// <inheritdoc/>
    public EndpointCounters Counters { get; }

    /// <summary>Gets the router that demultiplexes this endpoint's datagrams.</summary>
    public DatagramRouter Router => _router;

    /// <inheritdoc/>
    public ValueTask OpenAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_stateGate)
        {
            if (_socket is not null)
            {
                return ValueTask.CompletedTask;
            }

            var socket = Bind(cancellationToken);
            _localAddress = UdpAddress.FromEndPoint((IPEndPoint)socket.LocalEndPoint!);
            _sendAddress = new SocketAddress(socket.AddressFamily);
            _socket = socket;
            var lanes = _options.ReceiveWorkers > 0
                ? new ReceiveLanes(_options.ReceiveWorkers, _options.ReceiveQueueCapacity, _router, Counters.Drops, _logger)
                : null;
            _lanes = lanes;
            _receiveTask = Task.Factory.StartNew(
                () => ReceiveLoop(socket, lanes), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            EndpointLog.Bound(_logger, _localAddress);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Disposes the socket, then waits up to <see cref="CloseTimeout"/> for the receive loop, then up to
    /// <see cref="CloseTimeout"/> for the receive workers to deliver what they had queued.
    /// </remarks>
    public async ValueTask CloseAsync()
    {
        Task? receiveTask;
        ReceiveLanes? lanes;
        lock (_stateGate)
        {
            var socket = _socket;
            if (socket is null)
            {
                return;
            }

            _socket = null;
            receiveTask = _receiveTask;
            _receiveTask = null;
            lanes = _lanes;
            _lanes = null;
            lock (_sendGate)
            {
                socket.Dispose();
            }
        }

        if (receiveTask is not null)
        {
            try
            {
                await receiveTask.WaitAsync(CloseTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                EndpointLog.ReceiveLoopSlowToStop(_logger, _localAddress, CloseTimeout);
            }
        }

        if (lanes is not null && !await lanes.CompleteAsync(CloseTimeout).ConfigureAwait(false))
        {
            EndpointLog.ReceiveLoopSlowToStop(_logger, _localAddress, CloseTimeout);
        }

        EndpointLog.Closed(_logger, _localAddress);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => CloseAsync();

    /// <inheritdoc/>
    public bool Send(UdpAddress destination, ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > EndpointCounters.MaxSendSize)
        {
            Counters.Drops.Increment(DropReason.SendTooLarge);
            return false;
        }

        var socket = _socket;
        if (socket is null || destination.Family != socket.AddressFamily)
        {
            Counters.Drops.Increment(DropReason.SendFailed);
            return false;
        }

        try
        {
            lock (_sendGate)
            {
                var address = _sendAddress!;
                SocketAddressCodec.Write(destination, address);
                socket.SendTo(datagram, SocketFlags.None, address);
            }
        }
        catch (SocketException ex)
        {
            Counters.Drops.Increment(DropReason.SendFailed);
            EndpointLog.SendFailed(_logger, datagram.Length, destination, ex.SocketErrorCode);
            return false;
        }
        catch (ObjectDisposedException)
        {
            Counters.Drops.Increment(DropReason.SendFailed);
            return false;
        }

        Counters.CountOut(datagram.Length);
        return true;
    }

    /// <inheritdoc/>
    public void AddListener(IDatagramListener listener) => _router.AddListener(listener);

    /// <inheritdoc/>
    public void AddPrefixListener(ReadOnlySpan<byte> prefix, IDatagramListener listener) => _router.AddPrefixListener(prefix, listener);

    /// <inheritdoc/>
    public void RemoveListener(IDatagramListener listener) => _router.RemoveListener(listener);

    private Socket Bind(CancellationToken cancellationToken)
    {
        var first = _options.BindAddress;
        var attempts = first.Port == 0 ? 1 : Math.Min(_options.BindAttempts, ushort.MaxValue - first.Port + 1);
        var ip = first.ToIPAddress();
        SocketException? last = null;
        for (var i = 0; i < attempts; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var socket = CreateSocket(first.Family);
            var attempt = first.WithPort((ushort)(first.Port + i));
            try
            {
                socket.Bind(new IPEndPoint(ip, attempt.Port));
                return socket;
            }
            catch (SocketException ex)
            {
                socket.Dispose();
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

    private Socket CreateSocket(AddressFamily family)
    {
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (family == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false; // IPV6_V6ONLY = 1, as py-ipv8 sets it.
            }

            if (OperatingSystem.IsWindows())
            {
                // Stop ICMP port-unreachable from failing later receives (SIO_UDP_CONNRESET off).
                socket.IOControl(unchecked((int)0x9800000C), [0, 0, 0, 0], null);
            }

            if (_options.EnableBroadcast)
            {
                socket.EnableBroadcast = true;
            }

            if (_options.ReuseAddress)
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }

            var size = _options.ReceiveBufferSize;
            var bind = _options.BindAddress;
            try
            {
                socket.ReceiveBufferSize = size;
            }
            catch (SocketException ex)
            {
                EndpointLog.ReceiveBufferNotSet(_logger, bind, size, ex.SocketErrorCode);
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void ReceiveLoop(Socket socket, ReceiveLanes? lanes)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(EndpointCounters.MaxReceiveSize, pinned: true);
        var from = new SocketAddress(socket.AddressFamily);
        while (ReferenceEquals(_socket, socket))
        {
            int length;
            try
            {
                length = socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (SocketException ex) when (ReferenceEquals(_socket, socket))
            {
                // ICMP errors (connection reset) and truncation do not stop the loop.
                if (ex.SocketErrorCode == SocketError.MessageSize)
                {
                    Counters.Drops.Increment(DropReason.Malformed);
                }

                EndpointLog.ReceiveFailed(_logger, _localAddress, ex.SocketErrorCode);
                continue;
            }
            catch (SocketException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            if (!ReferenceEquals(_socket, socket))
            {
                return;
            }

            if (!SocketAddressCodec.TryRead(from, out var source))
            {
                Counters.Drops.Increment(DropReason.Malformed);
                continue;
            }

            Counters.CountIn(length);
            if (lanes is null)
            {
                _router.Deliver(source, buffer.AsSpan(0, length));
            }
            else
            {
                lanes.Post(source, buffer.AsSpan(0, length));
            }
        }
    }
}
