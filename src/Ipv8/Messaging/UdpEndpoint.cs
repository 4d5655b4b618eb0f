using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipv8.Messaging;

/// <summary>
/// A real UDP socket as an <see cref="IEndpoint"/> (py-ipv8's <c>UDPEndpoint</c>, spec 1.1 and 1.2): one
/// address family, bind with port retries, received by a <see cref="UdpReceiveLoop"/> (the options' loop, else a private
/// one the endpoint owns) that hands each datagram to the <see cref="DatagramRouter"/>, either itself or through receive workers.
/// </summary>
/// <remarks>
/// <para>Threading: with <see cref="UdpEndpointOptions.ReceiveWorkers"/> = 0, listeners are called on the receive loop's
/// thread, one datagram at a time (that thread serves every socket of its loop). With N ≥ 1 workers, the loop only reads
/// the socket and queues a copy of each datagram to one of N lanes chosen by source address; listeners are called on the
/// lanes' workers, in order per source, up to N at once (so they must be thread-safe). <see cref="Send"/> may be called
/// from any thread (sends are serialised by a lock). The socket is non-blocking: a send the kernel cannot queue at once is
/// dropped and counted (<see cref="DropReason.SendFailed"/>), as a full UDP queue drops anyway.</para>
/// <para>Failures: <see cref="OpenAsync"/> throws <see cref="SocketException"/> when no port could be bound;
/// everything else is counted in <see cref="Counters"/> and logged, never thrown.</para>
/// </remarks>
public sealed class UdpEndpoint : IEndpoint
{
    /// <summary>How long <see cref="CloseAsync"/> waits for the receive loop to stop reading the socket, and then for the workers.</summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private readonly UdpEndpointOptions _options;
    private readonly ILogger _logger;
    private readonly DatagramRouter _router;
    private readonly Lock _stateGate = new();
    private readonly Lock _sendGate = new();
    private volatile Socket? _socket;
    private SocketAddress? _sendAddress;
    private Registration? _registration;
    private UdpReceiveLoop? _receiveLoop;
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
            var lanes = _options.ReceiveWorkers > 0
                ? new ReceiveLanes(_options.ReceiveWorkers, _options.ReceiveQueueCapacity, _router, Counters.Drops, _logger)
                : null;
            var registration = new Registration(this, socket, lanes);
            var loop = _options.ReceiveLoop ?? new UdpReceiveLoop(_logger);
            try
            {
                loop.Add(registration);
            }
            catch
            {
                socket.Dispose();
                _ = lanes?.CompleteAsync(TimeSpan.Zero);
                DisposeIfPrivate(loop);
                throw;
            }

            _receiveLoop = loop;

            _localAddress = UdpAddress.FromEndPoint((IPEndPoint)socket.LocalEndPoint!);
            _sendAddress = new SocketAddress(socket.AddressFamily);
            _registration = registration;
            _socket = socket;
            EndpointLog.Bound(_logger, _localAddress);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Stops sends at once, waits up to <see cref="CloseTimeout"/> until the receive loop no longer reads the socket (a
    /// datagram read meanwhile is dropped and counted as <see cref="DropReason.EndpointClosed"/>), disposes the socket, then
    /// waits up to <see cref="CloseTimeout"/> for the receive workers to deliver what they had queued. Nothing is delivered
    /// inline after this returns.
    /// </remarks>
    public async ValueTask CloseAsync()
    {
        Registration? registration;
        UdpReceiveLoop loop;
        lock (_stateGate)
        {
            registration = _registration;
            if (registration is null)
            {
                return;
            }

            loop = _receiveLoop!;
            _registration = null;
            _receiveLoop = null;
            _socket = null;
        }

        try
        {
            await loop.RemoveAsync(registration).WaitAsync(CloseTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            EndpointLog.ReceiveLoopSlowToStop(_logger, _localAddress, CloseTimeout);
        }

        DisposeIfPrivate(loop);

        lock (_sendGate)
        {
            registration.Socket.Dispose();
        }

        if (registration.Lanes is { } lanes && !await lanes.CompleteAsync(CloseTimeout).ConfigureAwait(false))
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

        lock (_sendGate)
        {
            return SendTo(socket, _sendAddress!, destination, datagram, Counters, _logger);
        }
    }

    /// <summary>
    /// Sends one datagram through <paramref name="socket"/>, reusing <paramref name="address"/> for the destination; the
    /// caller holds the lock that guards that address. A socket error or a closed socket is a counted
    /// <see cref="DropReason.SendFailed"/>, never an exception.
    /// </summary>
    internal static bool SendTo(Socket socket, SocketAddress address, UdpAddress destination, ReadOnlySpan<byte> datagram, EndpointCounters counters, ILogger logger)
    {
        try
        {
            SocketAddressCodec.Write(destination, address);
            socket.SendTo(datagram, SocketFlags.None, address);
        }
        catch (SocketException ex)
        {
            counters.Drops.Increment(DropReason.SendFailed);
            EndpointLog.SendFailed(logger, datagram.Length, destination, ex.SocketErrorCode);
            return false;
        }
        catch (ObjectDisposedException)
        {
            counters.Drops.Increment(DropReason.SendFailed);
            return false;
        }

        counters.CountOut(datagram.Length);
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

            // The receive loop polls and then reads without blocking, so one quiet or closing socket never holds up the others.
            socket.Blocking = false;
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

    /// <summary>
    /// Reads up to <paramref name="budget"/> datagrams from <paramref name="registration"/>'s socket into
    /// <paramref name="buffer"/> without blocking and hands each on; called by the receive loop when the socket is readable.
    /// </summary>
    internal void Drain(Registration registration, byte[] buffer, int budget)
    {
        var socket = registration.Socket;
        for (var i = 0; i < budget && !registration.IsRemoved; i++)
        {
            int length;
            try
            {
                // The poll said readable for the first read; after it, only while the kernel still queues a datagram (FIONREAD),
                // so an empty queue costs no exception. A zero-length datagram reads as 0 here: the next poll picks it up.
                if (i > 0 && socket.Available == 0)
                {
                    return;
                }

                length = socket.ReceiveFrom(buffer, SocketFlags.None, registration.From);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.WouldBlock)
            {
                return;
            }
            catch (SocketException ex) when (!registration.IsRemoved)
            {
                // ICMP errors (connection reset) and truncation do not stop receiving.
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

            Receive(registration, buffer.AsSpan(0, length));
        }
    }

    /// <summary>Counts and hands on one datagram read from <paramref name="registration"/>'s socket, or drops and counts it when the endpoint is closing.</summary>
    internal void Receive(Registration registration, ReadOnlySpan<byte> datagram)
    {
        if (registration.IsRemoved)
        {
            Counters.Drops.Increment(DropReason.EndpointClosed);
            return;
        }

        if (!SocketAddressCodec.TryRead(registration.From, out var source))
        {
            Counters.Drops.Increment(DropReason.Malformed);
            return;
        }

        Counters.CountIn(datagram.Length);
        if (registration.Lanes is { } lanes)
        {
            lanes.Post(source, datagram);
        }
        else
        {
            _router.Deliver(source, datagram);
        }
    }

    /// <summary>Disposes <paramref name="loop"/> when this endpoint created it (no loop in the options); a given loop belongs to its creator.</summary>
    private void DisposeIfPrivate(UdpReceiveLoop loop)
    {
        if (!ReferenceEquals(loop, _options.ReceiveLoop))
        {
            loop.Dispose();
        }
    }

    /// <summary>What the receive loop knows of one open socket: its endpoint, its lanes and its receive address.</summary>
    internal sealed class Registration(UdpEndpoint endpoint, Socket socket, ReceiveLanes? lanes)
    {
        private volatile bool _isRemoved;

        public UdpEndpoint Endpoint { get; } = endpoint;

        public Socket Socket { get; } = socket;

        public ReceiveLanes? Lanes { get; } = lanes;

        /// <summary>Gets the source address of the last datagram read (only the loop's thread reads).</summary>
        public SocketAddress From { get; } = new(socket.AddressFamily);

        /// <summary>Gets or sets a value indicating whether the endpoint is closing: the loop reads no more, a datagram already read is dropped.</summary>
        public bool IsRemoved
        {
            get => _isRemoved;
            set => _isRemoved = value;
        }
    }
}
