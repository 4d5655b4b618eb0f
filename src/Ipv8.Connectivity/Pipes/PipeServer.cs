using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Ipv8.Keys;
using Ipv8.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipv8.Connectivity.Pipes;

/// <summary>
/// A node's TCP server for pipes. Each accepted connection runs the responder handshake (bounded by
/// <see cref="PipeOptions.HandshakeTimeout"/>), then goes to the <see cref="IPipeHandler"/> registered for the
/// protocol the initiator asked for, or, when the initiator presents a reverse token this node is waiting for,
/// to the <see cref="ExpectReverseAsync"/> caller. Connections over <see cref="PipeServerOptions.MaxConnections"/>
/// or <see cref="PipeServerOptions.MaxConnectionsPerAddress"/> are closed at once; every refusal is counted.
/// </summary>
public sealed class PipeServer : IAsyncDisposable
{
    private readonly PrivateKey _localKey;
    private readonly KeyFactory _keys;
    private readonly PipeServerOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<string, IPipeHandler> _handlers;
    private readonly ConcurrentDictionary<string, Expectation> _expectations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IPAddress, int> _perAddress = new();
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _listener;
    private Task? _acceptLoop;
    private readonly ComponentMeters _meters;
    private int _open;

    /// <summary>Initializes the server (not listening until <see cref="Start"/>).</summary>
    /// <param name="localKey">The key the server authenticates with.</param>
    /// <param name="keys">Parses the initiators' keys.</param>
    /// <param name="handlers">The protocols served, one handler each.</param>
    /// <param name="options">The bounds and timeouts; defaults when null.</param>
    /// <param name="logger">The logger; discards when null.</param>
    /// <param name="meterFactory">
    /// Creates the <c>Ipv8.Connectivity</c> meter that publishes <see cref="Counters"/>; when null the server owns it and
    /// disposes it with itself.
    /// </param>
    /// <exception cref="ArgumentException">Two handlers claim the same protocol.</exception>
    public PipeServer(PrivateKey localKey, KeyFactory keys, IEnumerable<IPipeHandler> handlers, PipeServerOptions? options = null, ILogger<PipeServer>? logger = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(localKey);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(handlers);
        _localKey = localKey;
        _keys = keys;
        _options = options ?? new PipeServerOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _handlers = new Dictionary<string, IPipeHandler>(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            if (!_handlers.TryAdd(handler.Protocol, handler))
                throw new ArgumentException($"Two pipe handlers claim protocol '{handler.Protocol}'.", nameof(handlers));
        }

        _meters = new ComponentMeters(meterFactory, [new("peer", localKey.PublicKey.MidHex)]);
        _meters.Publish("Ipv8.Connectivity", Counters, "pipe_server_");
    }

    /// <summary>Gets what the server accepted and refused (also published as instruments on the <c>Ipv8.Connectivity</c> meter, tagged <c>peer</c>: our mid in hex).</summary>
    public CounterSet<PipeServerCounter> Counters { get; } = new();

    /// <summary>Gets the endpoint the server listens on.</summary>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public IPEndPoint LocalEndPoint => (IPEndPoint?)_listener?.LocalEndpoint ?? throw new InvalidOperationException("The pipe server has not been started.");

    /// <summary>Gets the protocols this server serves.</summary>
    public IReadOnlyCollection<string> Protocols => _handlers.Keys;

    /// <summary>Gets the frame and handshake limits this server applies.</summary>
    public PipeOptions PipeOptions => _options.Pipe;

    /// <summary>Gets the number of connections currently handshaking or open.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>Binds <see cref="PipeServerOptions.Listen"/> and starts accepting.</summary>
    /// <exception cref="SocketException">The endpoint cannot be bound.</exception>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public void Start()
    {
        if (_listener is not null)
            throw new InvalidOperationException("The pipe server is already started.");
        _listener = new TcpListener(_options.Listen);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync(_listener, _stop.Token);
    }

    /// <summary>Gets whether a handler serves <paramref name="protocol"/>.</summary>
    public bool Serves(string protocol) => _handlers.ContainsKey(protocol);

    /// <summary>
    /// Waits for <paramref name="remote"/> to connect back presenting <paramref name="token"/> (a reverse
    /// connection this node asked for). The expectation is removed when it completes or is cancelled.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled before the peer connected.</exception>
    public async Task<SecurePipe> ExpectReverseAsync(Ipv8.Keys.PublicKey remote, ReadOnlyMemory<byte> token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var key = Convert.ToHexString(token.Span);
        var expectation = new Expectation(remote, new TaskCompletionSource<SecurePipe>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_expectations.TryAdd(key, expectation))
            throw new ArgumentException("This reverse token is already expected.", nameof(token));
        try
        {
            return await expectation.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _expectations.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// Runs the responder handshake on a connection this node made itself (a hole-punched one) and serves it
    /// like an accepted one, accepting only <paramref name="expectedInitiator"/>.
    /// </summary>
    public Task ServeConnectedAsync(Socket socket, Ipv8.Keys.PublicKey expectedInitiator)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(expectedInitiator);
        Interlocked.Increment(ref _open);
        return Track(ServeAsync(socket, expectedInitiator, countedAddress: null, _stop.Token));
    }

    /// <summary>
    /// Hands a pipe this node initiated (a reverse connection it was asked to make) to the handler of its
    /// protocol, in the background, and disposes it when the handler ends.
    /// </summary>
    public void RunHandler(SecurePipe pipe)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        Interlocked.Increment(ref _open);
        _ = Track(RunHandlerAsync(pipe, _stop.Token));
    }

    /// <summary>Stops listening, cancels handlers and closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
            return;
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener?.Stop();
        if (_acceptLoop is not null)
            await _acceptLoop.ConfigureAwait(false);
        await Task.WhenAll(_connections.Keys).ConfigureAwait(false);
        foreach (var expectation in _expectations.Values)
            expectation.Completion.TrySetCanceled();
        _stop.Dispose();
        _meters.Dispose();
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException && ct.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                // A connection reset before accept completed; keep serving.
                continue;
            }

            var address = (socket.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
            if (Interlocked.Increment(ref _open) > _options.MaxConnections)
            {
                Interlocked.Decrement(ref _open);
                Counters.Increment(PipeServerCounter.RefusedTotalLimit);
                ConnectivityLog.ConnectionRefused(_logger, address, "total connection limit");
                socket.Dispose();
                continue;
            }

            if (_perAddress.AddOrUpdate(address, 1, (_, n) => n + 1) > _options.MaxConnectionsPerAddress)
            {
                Release(address);
                Interlocked.Decrement(ref _open);
                Counters.Increment(PipeServerCounter.RefusedPerAddressLimit);
                ConnectivityLog.ConnectionRefused(_logger, address, "per-address connection limit");
                socket.Dispose();
                continue;
            }

            _ = Track(ServeAsync(socket, expectedInitiator: null, address, ct));
        }
    }

    private async Task ServeAsync(Socket socket, Ipv8.Keys.PublicKey? expectedInitiator, IPAddress? countedAddress, CancellationToken ct)
    {
        var remote = socket.RemoteEndPoint;
        SecurePipe? pipe = null;
        Expectation? reverse = null;
        try
        {
            socket.NoDelay = true;
            var stream = new NetworkStream(socket, ownsSocket: true);
            pipe = await PipeHandshake.AcceptAsync(stream, _localKey, _keys, _options.Pipe, (initiator, protocol, token) =>
            {
                if (expectedInitiator is not null && !initiator.Equals(expectedInitiator))
                    return "not the peer this connection was punched for";
                if (!token.IsEmpty)
                {
                    if (_expectations.TryGetValue(Convert.ToHexString(token.Span), out var expected) && expected.Remote.Equals(initiator))
                    {
                        reverse = expected;
                        return null;
                    }

                    return "no reverse connection is expected with this token";
                }

                return _handlers.ContainsKey(protocol) ? null : $"no handler for protocol '{protocol}'";
            }, remote, ct).ConfigureAwait(false);
            Counters.Increment(PipeServerCounter.Accepted);
        }
        catch (PipeHandshakeException e)
        {
            Counters.Increment(e.Failure switch
            {
                HandshakeFailure.Timeout => PipeServerCounter.HandshakeTimeouts,
                HandshakeFailure.Refused => PipeServerCounter.RefusedProtocol,
                _ => PipeServerCounter.HandshakeFailures,
            });
            ConnectivityLog.HandshakeFailed(_logger, remote, e.Message);
        }
        catch (OperationCanceledException)
        {
            // Server shutting down.
        }
        finally
        {
            if (countedAddress is not null)
                Release(countedAddress);
        }

        if (pipe is null)
        {
            socket.Dispose();
            Interlocked.Decrement(ref _open);
            return;
        }

        if (reverse is not null)
        {
            // The caller of ExpectReverseAsync owns the pipe from here.
            Interlocked.Decrement(ref _open);
            if (!reverse.Completion.TrySetResult(pipe))
                await pipe.DisposeAsync().ConfigureAwait(false);
            return;
        }

        await RunHandlerAsync(pipe, ct).ConfigureAwait(false);
    }

    private async Task RunHandlerAsync(SecurePipe pipe, CancellationToken ct)
    {
        try
        {
            if (_handlers.TryGetValue(pipe.Protocol, out var handler))
                await handler.HandleAsync(pipe, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Server shutting down.
        }
        catch (Exception e) when (e is PipeException or IOException or ObjectDisposedException or InvalidOperationException or ArgumentException)
        {
            Counters.Increment(PipeServerCounter.HandlerFailures);
            ConnectivityLog.HandlerFailed(_logger, e, pipe.Protocol);
        }
        finally
        {
            await pipe.DisposeAsync().ConfigureAwait(false);
            Interlocked.Decrement(ref _open);
        }
    }

    private Task Track(Task task)
    {
        _connections.TryAdd(task, 0);
        _ = task.ContinueWith(t => _connections.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    private void Release(IPAddress address)
    {
        if (_perAddress.AddOrUpdate(address, 0, (_, n) => n - 1) <= 0)
            _perAddress.TryRemove(new KeyValuePair<IPAddress, int>(address, 0));
    }

    private sealed record Expectation(Ipv8.Keys.PublicKey Remote, TaskCompletionSource<SecurePipe> Completion);
}
