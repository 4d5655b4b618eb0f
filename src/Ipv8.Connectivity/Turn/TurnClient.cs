using Ipv8.Messaging;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Ipv8.Connectivity.Stun;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipv8.Connectivity.Turn;

/// <summary>
/// A TURN client (RFC 8656) holding one allocation on one server, over UDP (datagram relay with CHANNEL-BIND and
/// ChannelData) or over TCP (RFC 6062 TCP relay: each peer connection becomes its own byte stream).
/// <para>
/// Authentication is the long-term mechanism (RFC 8489 §9.2): the first request is sent without credentials,
/// the 401 answer gives realm and nonce, the request is repeated with USERNAME, REALM, NONCE and
/// MESSAGE-INTEGRITY (MESSAGE-INTEGRITY-SHA256 when the server offers SHA-256 in PASSWORD-ALGORITHMS); a 438
/// (stale nonce) is retried with the new nonce at most <see cref="TurnClientOptions.MaxStaleNonceRetries"/> times.
/// </para>
/// <para>
/// The server is untrusted network input: every message is parsed with bounds (<see cref="StunMessage.TryParse"/>),
/// responses must match an outstanding transaction, method and class, carry no unknown comprehension-required
/// attribute, and carry a valid MESSAGE-INTEGRITY once credentials are in use; anything else is dropped and
/// counted, or ends the transaction with a <see cref="TurnException"/> that says why. Queues are bounded.
/// </para>
/// The allocation is refreshed before it expires, permissions and channels before theirs; a failed refresh or
/// a lost control connection fails the client (<see cref="Failure"/>) and every relayed stream with it.
/// </summary>
public sealed class TurnClient : IAsyncDisposable
{
    private const int PermissionBatch = 8;
    private readonly ITurnTransport _transport;
    private readonly TurnCredentials _credentials;
    private readonly TurnClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<UInt128, TaskCompletionSource<Received>> _pending = new();
    private readonly ConcurrentDictionary<IPAddress, DateTimeOffset> _permissions = new();
    private readonly ConcurrentDictionary<ushort, IPEndPoint> _channelPeers = new();
    private readonly ConcurrentDictionary<IPEndPoint, ushort> _peerChannels = new();
    private readonly ConcurrentDictionary<ushort, DateTimeOffset> _channelRefreshed = new();
    private readonly Channel<TurnPeerData> _peerData;
    private readonly Channel<(uint ConnectionId, IPEndPoint Peer)> _connectionAttempts;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _stopRefreshing = new();
    private readonly CancellationTokenSource _failed = new();
    private readonly Lock _authLock = new();
    private AuthState? _auth;
    private Task? _receiveLoop;
    private Task? _refreshLoop;
    private DateTimeOffset _refreshAt;
    private int _nextChannel = TurnChannelData.MinChannel;
    private string? _failureReason;
    private int _disposed;

    private TurnClient(ITurnTransport transport, IPEndPoint server, TurnTransportProtocol protocol, TurnCredentials credentials, TurnClientOptions options, TimeProvider time, ILogger logger)
    {
        _transport = transport;
        Server = server;
        Protocol = protocol;
        _credentials = credentials;
        _options = options;
        _time = time;
        _logger = logger;
        _peerData = Channel.CreateBounded<TurnPeerData>(new BoundedChannelOptions(options.MaxQueuedPeerData) { FullMode = BoundedChannelFullMode.DropWrite });
        _connectionAttempts = Channel.CreateBounded<(uint, IPEndPoint)>(new BoundedChannelOptions(options.MaxQueuedConnectionAttempts) { FullMode = BoundedChannelFullMode.DropWrite });
    }

    /// <summary>Gets the server this client talks to.</summary>
    public IPEndPoint Server { get; }

    /// <summary>Gets the transport to the server and of the relay.</summary>
    public TurnTransportProtocol Protocol { get; }

    /// <summary>Gets the counters.</summary>
    public CounterSet<TurnClientCounter> Counters { get; } = new();

    /// <summary>Gets the relayed transport address once allocated; peers send to it.</summary>
    public IPEndPoint? RelayedEndPoint { get; private set; }

    /// <summary>Gets our address as the server saw it (XOR-MAPPED-ADDRESS of the allocation), when it said.</summary>
    public IPEndPoint? MappedEndPoint { get; private set; }

    /// <summary>Gets the lifetime the server granted at the last allocate or refresh.</summary>
    public TimeSpan Lifetime { get; private set; }

    /// <summary>Gets why the client failed (control connection lost, refresh refused), or null while it works.</summary>
    public string? Failure => Volatile.Read(ref _failureReason);

    /// <summary>Gets a token cancelled when the client fails or is disposed.</summary>
    internal CancellationToken FailureToken => _failed.Token;

    /// <summary>Gets the failure reason for relayed streams.</summary>
    internal string? FailureReason => Volatile.Read(ref _failureReason);

    /// <summary>Connects to a TURN server (TCP connect, or a bound UDP socket); nothing is sent yet.</summary>
    /// <param name="server">The server's address (loopback or the configured TURN host).</param>
    /// <param name="protocol">UDP or TCP, for the control connection and the relay.</param>
    /// <param name="credentials">Long-term or shared-secret credentials.</param>
    /// <param name="options">Timeouts and bounds (defaults when null).</param>
    /// <param name="time">The clock for refresh scheduling (system when null).</param>
    /// <param name="logger">Logs drops, allocations and failures; never secrets.</param>
    /// <param name="cancellationToken">Cancels the TCP connect.</param>
    /// <exception cref="SocketException">The TCP connection cannot be made.</exception>
    public static async Task<TurnClient> ConnectAsync(IPEndPoint server, TurnTransportProtocol protocol, TurnCredentials credentials, TurnClientOptions? options = null,
        TimeProvider? time = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(credentials);
        ITurnTransport transport = protocol switch
        {
            TurnTransportProtocol.Tcp => await TcpTurnTransport.ConnectAsync(server, cancellationToken).ConfigureAwait(false),
            TurnTransportProtocol.Udp => new UdpTurnTransport(server),
            _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "TURN runs over UDP or TCP."),
        };
        var client = new TurnClient(transport, server, protocol, credentials, options ?? new TurnClientOptions(), time ?? TimeProvider.System, logger ?? NullLogger.Instance);
        client._receiveLoop = client.ReceiveLoopAsync();
        return client;
    }

    /// <summary>
    /// Creates the allocation (ALLOCATE with REQUESTED-TRANSPORT and LIFETIME, authenticated after the 401
    /// challenge) and starts refreshing it.
    /// </summary>
    /// <returns>The relayed transport address.</returns>
    /// <exception cref="TurnException">Wrong credentials (<see cref="TurnFailure.Unauthorized"/>), an error answer such as 486 quota, a bad or missing integrity, a malformed answer, or a timeout.</exception>
    /// <exception cref="InvalidOperationException">Already allocated.</exception>
    public async Task<IPEndPoint> AllocateAsync(CancellationToken cancellationToken = default)
    {
        if (RelayedEndPoint is not null)
            throw new InvalidOperationException("This TURN client already holds an allocation.");
        var transport = new byte[4];
        transport[0] = (byte)Protocol;
        var response = await TransactAsync(TurnMethod.Allocate, () =>
        [
            new StunAttribute(TurnAttributeType.RequestedTransport, transport),
            LifetimeAttribute(_options.RequestedLifetime),
        ], cancellationToken).ConfigureAwait(false);

        if (response.Find(TurnAttributeType.XorRelayedAddress) is not { } relayed)
            throw Malformed("Allocate success without XOR-RELAYED-ADDRESS");
        if (!StunAddressCodec.TryDecodeXorMapped(relayed.Value.Span, response.TransactionId, out var relayedEndPoint, out var error))
            throw Malformed($"XOR-RELAYED-ADDRESS: {error}");
        if (response.Find(TurnAttributeType.XorMappedAddress) is { } mapped
            && StunAddressCodec.TryDecodeXorMapped(mapped.Value.Span, response.TransactionId, out var mappedEndPoint, out _))
        {
            MappedEndPoint = mappedEndPoint;
        }

        Lifetime = ReadLifetime(response, TurnMethod.Allocate);
        RelayedEndPoint = relayedEndPoint;
        _refreshAt = NextRefresh(_time.GetUtcNow(), Lifetime);
        TurnLog.Allocated(_logger, Server, _credentials, relayedEndPoint, (long)Lifetime.TotalSeconds);
        _refreshLoop = RefreshLoopAsync();
        return relayedEndPoint;
    }

    /// <summary>Refreshes the allocation now (the background loop does this on its own); returns the granted lifetime.</summary>
    /// <exception cref="TurnException">The server refused (e.g. 437 allocation mismatch) or did not answer.</exception>
    public async Task<TimeSpan> RefreshAsync(CancellationToken cancellationToken = default)
    {
        var response = await TransactAsync(TurnMethod.Refresh, () => [LifetimeAttribute(_options.RequestedLifetime)], cancellationToken).ConfigureAwait(false);
        Lifetime = ReadLifetime(response, TurnMethod.Refresh);
        _refreshAt = NextRefresh(_time.GetUtcNow(), Lifetime);
        Counters.Increment(TurnClientCounter.Refreshes);
        TurnLog.Refreshed(_logger, Server, (long)Lifetime.TotalSeconds);
        return Lifetime;
    }

    /// <summary>
    /// Installs a permission for <paramref name="peer"/> (CREATE-PERMISSION; the relay forwards only from and to
    /// permitted addresses) and keeps it fresh.
    /// </summary>
    /// <exception cref="TurnException">The server refused (e.g. 403 forbidden peer address) or did not answer.</exception>
    public async Task CreatePermissionAsync(IPAddress peer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peer);
        RequireAllocation();
        await CreatePermissionsAsync([peer], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Binds a channel to <paramref name="peer"/> (UDP relay), which also installs its permission; returns the channel number.</summary>
    /// <exception cref="InvalidOperationException">Not a UDP allocation, or all 4096 channels are used.</exception>
    /// <exception cref="TurnException">The server refused or did not answer.</exception>
    public async Task<ushort> BindChannelAsync(IPEndPoint peer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peer);
        RequireAllocation();
        if (Protocol != TurnTransportProtocol.Udp)
            throw new InvalidOperationException("Channels exist on UDP allocations only (RFC 6062 relays TCP connections instead).");
        if (_peerChannels.TryGetValue(peer, out var existing))
            return existing;
        var channel = Interlocked.Increment(ref _nextChannel) - 1;
        if (channel > TurnChannelData.MaxChannel)
            throw new InvalidOperationException("All TURN channel numbers of this allocation are in use.");
        await ChannelBindAsync((ushort)channel, peer, cancellationToken).ConfigureAwait(false);
        _channelPeers[(ushort)channel] = peer;
        _peerChannels[peer] = (ushort)channel;
        _permissions[peer.Address] = _time.GetUtcNow();
        return (ushort)channel;
    }

    /// <summary>Sends a datagram to <paramref name="peer"/> over its channel (ChannelData).</summary>
    /// <exception cref="InvalidOperationException">No channel is bound to <paramref name="peer"/>.</exception>
    /// <exception cref="TurnException">The client has failed.</exception>
    public async ValueTask SendToPeerAsync(IPEndPoint peer, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ThrowIfFailed();
        if (!_peerChannels.TryGetValue(peer, out var channel))
            throw new InvalidOperationException($"No channel is bound to {peer}; call BindChannelAsync first.");
        await _transport.SendAsync(TurnChannelData.Encode(channel, data.Span, pad: _transport.IsReliable), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Receives the next datagram a permitted peer sent to the relayed address (ChannelData or Data indication).</summary>
    /// <exception cref="TurnException">The client has failed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async ValueTask<TurnPeerData> ReceiveFromPeerAsync(CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _failed.Token);
        try
        {
            return await _peerData.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Lost();
        }
    }

    /// <summary>
    /// Waits for a peer at one of <paramref name="expectedPeers"/> to connect to the relayed address (TCP relay,
    /// RFC 6062 ConnectionAttempt), then binds a new data connection to it (ConnectionBind) and returns it as a
    /// byte stream. Connections from other addresses are ignored and counted.
    /// </summary>
    /// <param name="expectedPeers">Addresses the peer may connect from (they need a permission).</param>
    /// <param name="ownsClient">When true, disposing the stream disposes this client (and its allocation).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="InvalidOperationException">Not a TCP allocation.</exception>
    /// <exception cref="TurnException">The client failed, or ConnectionBind was refused or timed out.</exception>
    public async Task<Stream> AcceptConnectionAsync(IReadOnlyCollection<IPAddress> expectedPeers, bool ownsClient, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expectedPeers);
        RequireAllocation();
        if (Protocol != TurnTransportProtocol.Tcp)
            throw new InvalidOperationException("Peer connections exist on TCP allocations only.");
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _failed.Token);
        while (true)
        {
            (uint ConnectionId, IPEndPoint Peer) attempt;
            try
            {
                attempt = await _connectionAttempts.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw Lost();
            }

            if (!expectedPeers.Contains(attempt.Peer.Address))
            {
                Counters.Increment(TurnClientCounter.ConnectionAttemptsIgnored);
                TurnLog.UnexpectedPeer(_logger, Server, attempt.Peer);
                continue;
            }

            return await BindConnectionAsync(attempt.ConnectionId, attempt.Peer, ownsClient, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes the allocation (REFRESH with LIFETIME 0, best effort within a second), stops the loops and closes the connection. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _stopRefreshing.CancelAsync().ConfigureAwait(false);
        if (_refreshLoop is not null)
            await _refreshLoop.ConfigureAwait(false);

        // The receive loop still runs here, so the deallocation's answer is read rather than waited out.
        if (RelayedEndPoint is not null && Volatile.Read(ref _failureReason) is null)
        {
            try
            {
                using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await TransactAsync(TurnMethod.Refresh, () => [LifetimeAttribute(TimeSpan.Zero)], bounded.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TurnException or OperationCanceledException or SocketException or IOException)
            {
                // The allocation expires on its own; nothing more to do.
            }
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        Fail("the TURN client was closed", log: false);
        await _transport.DisposeAsync().ConfigureAwait(false);
        if (_receiveLoop is not null)
            await _receiveLoop.ConfigureAwait(false);
        _stop.Dispose();
        _stopRefreshing.Dispose();
        _failed.Dispose();
    }

    private static StunAttribute LifetimeAttribute(TimeSpan lifetime)
    {
        var value = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(value, (uint)Math.Clamp(lifetime.TotalSeconds, 0, uint.MaxValue));
        return new StunAttribute(TurnAttributeType.Lifetime, value);
    }

    private static StunAttribute PeerAttribute(IPEndPoint peer, ReadOnlySpan<byte> transactionId) =>
        new(TurnAttributeType.XorPeerAddress, StunAddressCodec.EncodeXorMapped(peer, transactionId));

    private static DateTimeOffset NextRefresh(DateTimeOffset now, TimeSpan lifetime)
    {
        // Half the lifetime, or one minute before the end when the lifetime is long: late enough not to chatter,
        // early enough that a lost request can be retried before the allocation dies.
        var half = lifetime / 2;
        var oneMinuteBefore = lifetime - TimeSpan.FromMinutes(1);
        return now + (oneMinuteBefore > half ? oneMinuteBefore : half);
    }

    private TimeSpan ReadLifetime(StunMessage response, ushort method)
    {
        if (response.Find(TurnAttributeType.Lifetime) is not { } attribute || attribute.Value.Length != 4)
            throw Malformed($"{TurnMethod.NameOf(method)} success without a 4-byte LIFETIME");
        var seconds = BinaryPrimitives.ReadUInt32BigEndian(attribute.Value.Span);
        if (seconds == 0 && method == TurnMethod.Allocate)
            throw Malformed("Allocate success with a zero LIFETIME");

        // A server cannot make us hold an allocation longer than we asked for.
        var granted = TimeSpan.FromSeconds(seconds);
        return granted > _options.RequestedLifetime ? _options.RequestedLifetime : granted;
    }

    private async Task CreatePermissionsAsync(List<IPAddress> peers, CancellationToken cancellationToken)
    {
        for (var i = 0; i < peers.Count; i += PermissionBatch)
        {
            var batch = peers.Skip(i).Take(PermissionBatch).ToList();
            await TransactAsync(TurnMethod.CreatePermission, transactionId => batch.Select(p => PeerAttribute(new IPEndPoint(p, 0), transactionId)).ToList(), cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            foreach (var peer in batch)
                _permissions[peer] = now;
        }
    }

    private async Task ChannelBindAsync(ushort channel, IPEndPoint peer, CancellationToken cancellationToken)
    {
        var number = new byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(number, channel);
        await TransactAsync(TurnMethod.ChannelBind, transactionId =>
        [
            new StunAttribute(TurnAttributeType.ChannelNumber, number),
            PeerAttribute(peer, transactionId),
        ], cancellationToken).ConfigureAwait(false);
        _channelRefreshed[channel] = _time.GetUtcNow();
    }

    private async Task<Stream> BindConnectionAsync(uint connectionId, IPEndPoint peer, bool ownsClient, CancellationToken cancellationToken)
    {
        var id = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(id, connectionId);
        for (var stale = 0; ; stale++)
        {
            // RFC 6062 §5.4: a new TCP connection to the server, one ConnectionBind on it, then it carries the peer's bytes.
            var socket = TcpTurnTransport.CreateSocket(Server);
            var keep = false;
            try
            {
                using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _failed.Token);
                bounded.CancelAfter(_options.TransactionTimeout);
                await socket.ConnectAsync(Server, bounded.Token).ConfigureAwait(false);
                var auth = CurrentAuth() ?? throw new TurnException(TurnFailure.Unauthorized, "ConnectionBind before any authenticated exchange.");
                var transactionId = NewTransactionId();
                var request = TurnMessageCodec.Encode(TurnMethod.ConnectionBind, transactionId, [new StunAttribute(TurnAttributeType.ConnectionId, id), .. auth.Attributes()], auth.Key, auth.Sha256);
                await socket.SendAsync(request, SocketFlags.None, bounded.Token).ConfigureAwait(false);

                // Read exactly one message: the peer's bytes may follow it at once and belong to the stream.
                using var stream = new NetworkStream(socket, ownsSocket: false);
                var frame = await TcpTurnTransport.ReadFrameAsync(stream, bounded.Token).ConfigureAwait(false)
                    ?? throw new TurnException(TurnFailure.ConnectionLost, "The TURN server closed the data connection before answering ConnectionBind.");
                if (!StunMessage.TryParse(frame, out var response, out var error))
                    throw Malformed($"ConnectionBind answer: {error}");
                if (!response.TransactionId.SequenceEqual(transactionId))
                    throw Malformed("ConnectionBind answer for another transaction");
                var outcome = Check(TurnMethod.ConnectionBind, response, frame, auth);
                if (outcome == Outcome.Retry)
                {
                    if (stale >= _options.MaxStaleNonceRetries)
                        throw new TurnException(TurnFailure.TooManyRetries, $"ConnectionBind: the nonce went stale {stale + 1} times in a row.");
                    continue;
                }

                keep = true;
                return new TurnRelayedStream(socket, this, peer, ownsClient);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw _failed.IsCancellationRequested ? Lost() : new TurnException(TurnFailure.Timeout, $"ConnectionBind to {Server} got no answer within {_options.TransactionTimeout.TotalSeconds:0.#} s.");
            }
            finally
            {
                if (!keep)
                    socket.Dispose();
            }
        }
    }

    private async Task<StunMessage> TransactAsync(ushort method, Func<IReadOnlyList<StunAttribute>> attributes, CancellationToken cancellationToken) =>
        await TransactAsync(method, _ => attributes(), cancellationToken).ConfigureAwait(false);

    /// <summary>One request with the 401/438 dance; returns the verified success response.</summary>
    private async Task<StunMessage> TransactAsync(ushort method, Func<byte[], IReadOnlyList<StunAttribute>> attributes, CancellationToken cancellationToken)
    {
        ThrowIfFailed();
        var retries = 0;
        while (true)
        {
            var auth = CurrentAuth();
            var transactionId = NewTransactionId();
            var list = attributes(transactionId).ToList();
            if (auth is not null)
                list.AddRange(auth.Attributes());
            var request = TurnMessageCodec.Encode(method, transactionId, list, auth?.Key, auth?.Sha256 ?? false);
            var received = await ExchangeAsync(method, transactionId, request, cancellationToken).ConfigureAwait(false);
            var outcome = Check(method, received.Message, received.Raw, auth);
            if (outcome == Outcome.Success)
                return received.Message;
            if (++retries > _options.MaxStaleNonceRetries + 1)
                throw new TurnException(TurnFailure.TooManyRetries, $"{TurnMethod.NameOf(method)}: the server kept asking for a new nonce ({retries} answers).");
        }
    }

    /// <summary>Judges a response: success, retry (after 401 challenge or 438), or throws the failure.</summary>
    private Outcome Check(ushort method, StunMessage response, byte[] raw, AuthState? sentWith)
    {
        var name = TurnMethod.NameOf(method);
        if (TurnMethod.MethodOf(response.Type) != method)
            throw Malformed($"{name} answered with a message of type 0x{response.Type:x4}");
        if (TurnMessageCodec.FindUnknownRequired(response) is { } unknown)
            throw Malformed($"{name} answer carries unknown comprehension-required attribute 0x{unknown:x4}");

        switch (TurnMethod.ClassOf(response.Type))
        {
            case TurnMethod.SuccessClass:
                if (sentWith is null)
                    throw new TurnException(TurnFailure.Integrity, $"{name} succeeded without authentication; this client requires an authenticating server.");
                VerifyIntegrity(name, raw, sentWith);
                return Outcome.Success;
            case TurnMethod.ErrorClass:
                if (!TurnMessageCodec.TryReadErrorCode(response, out var code, out var reason, out var error))
                    throw Malformed($"{name} error answer: {error}");
                return HandleError(name, code, reason, response, raw, sentWith);
            default:
                throw Malformed($"{name} answered with class 0x{TurnMethod.ClassOf(response.Type):x3}, not a response");
        }
    }

    private Outcome HandleError(string name, int code, string reason, StunMessage response, byte[] raw, AuthState? sentWith)
    {
        switch (code)
        {
            case 401 when sentWith is null:
                // The challenge: realm and nonce for the authenticated retry. Unauthenticated by nature, so it can
                // only start authentication, never grant anything.
                SetAuth(response, keepRealm: false, name);
                Counters.Increment(TurnClientCounter.Challenges);
                return Outcome.Retry;
            case 401:
                throw Fail401(name, reason, sentWith);
            case 438:
                SetAuth(response, keepRealm: true, name);
                Counters.Increment(TurnClientCounter.StaleNonces);
                return Outcome.Retry;
            default:
                // Other errors end the operation; if the server signed it, the signature must hold.
                if (sentWith is not null && (response.Find(TurnAttributeType.MessageIntegrity) is not null || response.Find(TurnAttributeType.MessageIntegritySha256) is not null))
                    VerifyIntegrity(name, raw, sentWith);
                var message = $"{name} refused by TURN server {Server}: {code} {reason}".TrimEnd() + ".";
                TurnLog.RequestRefused(_logger, name, Server, _credentials, code, reason);
                throw new TurnException(TurnFailure.ErrorResponse, message, code);
        }
    }

    private TurnException Fail401(string name, string reason, AuthState sentWith)
    {
        var message = $"TURN server {Server} refused the credentials ({_credentials}) for realm '{sentWith.RealmText}': 401 {reason}".TrimEnd() + ".";
        TurnLog.RequestRefused(_logger, name, Server, _credentials, 401, reason);
        return new TurnException(TurnFailure.Unauthorized, message, 401);
    }

    private void VerifyIntegrity(string name, byte[] raw, AuthState sentWith)
    {
        if (TurnMessageCodec.TryVerifyIntegrity(raw, sentWith.Key, out var error))
            return;
        Counters.Increment(TurnClientCounter.IntegrityFailures);
        TurnLog.RequestFailed(_logger, name, Server, _credentials, error);
        throw new TurnException(TurnFailure.Integrity, $"{name} answer from {Server} failed the integrity check: {error}.");
    }

    private void SetAuth(StunMessage response, bool keepRealm, string name)
    {
        var nonce = response.Find(TurnAttributeType.Nonce)?.Value;
        var realm = response.Find(TurnAttributeType.Realm)?.Value;
        if (nonce is not { Length: > 0 and <= 763 })
            throw new TurnException(TurnFailure.Unauthorized, $"{name}: the server's {(keepRealm ? "438" : "401")} answer has no valid NONCE (1-763 bytes).", keepRealm ? 438 : 401);
        lock (_authLock)
        {
            var realmBytes = realm is { Length: > 0 and <= 763 } r ? r.ToArray() : keepRealm && _auth is not null ? _auth.Realm : null;
            if (realmBytes is null)
                throw new TurnException(TurnFailure.Unauthorized, $"{name}: the server's 401 answer has no valid REALM (1-763 bytes).", 401);

            // Offered SHA-256 (RFC 8489 §9.2.4): use it for the key and MESSAGE-INTEGRITY-SHA256.
            var offered = response.Find(TurnAttributeType.PasswordAlgorithms)?.Value.ToArray();
            var sha256 = offered is not null && OffersSha256(offered);
            if (_auth is not null && keepRealm && _auth.Realm.AsSpan().SequenceEqual(realmBytes))
            {
                _auth = _auth with { Nonce = nonce.Value.ToArray() };
                return;
            }

            // The user name stays fixed for the client's life (a refresh under another name is refused, 441).
            var (username, password) = _auth is null ? _credentials.Resolve(_time.GetUtcNow()) : (_auth.Username, _auth.Password);
            var key = TurnMessageCodec.LongTermKey(username, realmBytes, password, sha256);
            _auth = new AuthState(username, password, realmBytes, nonce.Value.ToArray(), key, sha256, sha256 ? offered : null);
        }
    }

    private static bool OffersSha256(byte[] algorithms)
    {
        // A list of (u16 algorithm, u16 parameter length, parameters padded to 4); 0x0002 is SHA-256.
        var offset = 0;
        while (offset + 4 <= algorithms.Length)
        {
            var algorithm = BinaryPrimitives.ReadUInt16BigEndian(algorithms.AsSpan(offset));
            var length = BinaryPrimitives.ReadUInt16BigEndian(algorithms.AsSpan(offset + 2));
            if (algorithm == 0x0002)
                return true;
            offset += 4 + ((length + 3) & ~3);
        }

        return false;
    }

    private AuthState? CurrentAuth()
    {
        lock (_authLock)
            return _auth;
    }

    private async Task<Received> ExchangeAsync(ushort method, byte[] transactionId, byte[] request, CancellationToken cancellationToken)
    {
        var key = BinaryPrimitives.ReadUInt128BigEndian([0, 0, 0, 0, .. transactionId]);
        var completion = new TaskCompletionSource<Received>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[key] = completion;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _failed.Token);
        timeout.CancelAfter(_options.TransactionTimeout);
        try
        {
            var rto = _options.InitialRetransmissionTimeout;
            while (true)
            {
                await _transport.SendAsync(request, timeout.Token).ConfigureAwait(false);
                if (_transport.IsReliable)
                    return await completion.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
                var wait = Task.Delay(rto, _time, timeout.Token);
                if (await Task.WhenAny(completion.Task, wait).ConfigureAwait(false) == completion.Task)
                    return await completion.Task.ConfigureAwait(false);
                timeout.Token.ThrowIfCancellationRequested();
                Counters.Increment(TurnClientCounter.Retransmissions);
                rto *= 2;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            if (_failed.IsCancellationRequested)
                throw Lost();
            throw new TurnException(TurnFailure.Timeout, $"{TurnMethod.NameOf(method)} to TURN server {Server} got no answer within {_options.TransactionTimeout.TotalSeconds:0.#} s.");
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            Fail($"the connection to the server broke: {e.Message.TrimEnd('.')}");
            throw Lost();
        }
        finally
        {
            _pending.TryRemove(key, out _);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        // Let ConnectAsync return before the first read completes synchronously.
        await Task.Yield();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var frame = await _transport.ReceiveAsync(Drop, _stop.Token).ConfigureAwait(false);
                if (frame is null)
                {
                    Fail("the TURN server closed the connection");
                    return;
                }

                Dispatch(frame);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed.
        }
        catch (TurnException e)
        {
            Fail(e.Message);
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            Fail(_stop.IsCancellationRequested ? "the TURN client was closed" : $"the connection to the server broke: {e.Message.TrimEnd('.')}");
        }
    }

    private void Dispatch(byte[] frame)
    {
        if (TurnChannelData.LooksLikeChannelData(frame))
        {
            if (!TurnChannelData.TryParse(frame, out var channel, out var data, out var channelError))
            {
                Drop(channelError);
                return;
            }

            if (!_channelPeers.TryGetValue(channel, out var peer))
            {
                Counters.Increment(TurnClientCounter.PeerDataDropped);
                Drop($"ChannelData on unbound channel 0x{channel:x4}");
                return;
            }

            Deliver(new TurnPeerData(peer, data.ToArray()));
            return;
        }

        if (!StunMessage.TryParse(frame, out var message, out var error))
        {
            Drop(error);
            return;
        }

        var type = TurnMethod.ClassOf(message.Type);
        if (type is TurnMethod.SuccessClass or TurnMethod.ErrorClass)
        {
            var key = BinaryPrimitives.ReadUInt128BigEndian([0, 0, 0, 0, .. message.TransactionId]);
            if (_pending.TryRemove(key, out var completion))
                completion.TrySetResult(new Received(message, frame));
            else
                Drop("a response to no outstanding transaction");
            return;
        }

        if (type != TurnMethod.IndicationClass)
        {
            Drop($"a request (type 0x{message.Type:x4}) from the server");
            return;
        }

        switch (TurnMethod.MethodOf(message.Type))
        {
            case TurnMethod.Data:
                OnDataIndication(message);
                break;
            case TurnMethod.ConnectionAttempt:
                OnConnectionAttempt(message);
                break;
            default:
                Drop($"an unexpected indication (type 0x{message.Type:x4})");
                break;
        }
    }

    private void OnDataIndication(StunMessage message)
    {
        if (message.Find(TurnAttributeType.XorPeerAddress) is not { } peerAttribute || message.Find(TurnAttributeType.Data) is not { } data
            || !StunAddressCodec.TryDecodeXorMapped(peerAttribute.Value.Span, message.TransactionId, out var peer, out _))
        {
            Drop("a Data indication without a valid XOR-PEER-ADDRESS and DATA");
            return;
        }

        if (!_permissions.ContainsKey(peer.Address))
        {
            Counters.Increment(TurnClientCounter.PeerDataDropped);
            Drop($"a Data indication from {peer}, which has no permission");
            return;
        }

        Deliver(new TurnPeerData(peer, data.Value.ToArray()));
    }

    private void OnConnectionAttempt(StunMessage message)
    {
        if (message.Find(TurnAttributeType.ConnectionId) is not { Value.Length: 4 } id || message.Find(TurnAttributeType.XorPeerAddress) is not { } peerAttribute
            || !StunAddressCodec.TryDecodeXorMapped(peerAttribute.Value.Span, message.TransactionId, out var peer, out _))
        {
            Drop("a ConnectionAttempt without a 4-byte CONNECTION-ID and a valid XOR-PEER-ADDRESS");
            return;
        }

        if (!_connectionAttempts.Writer.TryWrite((BinaryPrimitives.ReadUInt32BigEndian(id.Value.Span), peer)))
        {
            Counters.Increment(TurnClientCounter.ConnectionAttemptsIgnored);
            Drop("too many pending connection attempts");
        }
    }

    private void Deliver(TurnPeerData data)
    {
        if (!_peerData.Writer.TryWrite(data))
        {
            Counters.Increment(TurnClientCounter.PeerDataDropped);
            TurnLog.Dropped(_logger, Server, "peer data queue full");
        }
    }

    private async Task RefreshLoopAsync()
    {
        try
        {
            while (!_stopRefreshing.IsCancellationRequested)
            {
                var now = _time.GetUtcNow();
                var due = _refreshAt;
                foreach (var refreshed in _permissions.Values)
                    due = Min(due, refreshed + _options.PermissionRefreshInterval);
                foreach (var refreshed in _channelRefreshed.Values)
                    due = Min(due, refreshed + _options.ChannelRefreshInterval);
                if (due > now)
                    await Task.Delay(due - now, _time, _stopRefreshing.Token).ConfigureAwait(false);

                now = _time.GetUtcNow();
                if (now >= _refreshAt)
                    await RefreshAsync(_stopRefreshing.Token).ConfigureAwait(false);
                var stalePermissions = _permissions.Where(p => now >= p.Value + _options.PermissionRefreshInterval).Select(p => p.Key).ToList();
                if (stalePermissions.Count > 0)
                    await CreatePermissionsAsync(stalePermissions, _stopRefreshing.Token).ConfigureAwait(false);
                foreach (var (channel, refreshed) in _channelRefreshed)
                {
                    if (now >= refreshed + _options.ChannelRefreshInterval && _channelPeers.TryGetValue(channel, out var peer))
                        await ChannelBindAsync(channel, peer, _stopRefreshing.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (_stopRefreshing.IsCancellationRequested)
        {
            // Disposed.
        }
        catch (TurnException e)
        {
            Fail($"keeping the allocation alive failed: {e.Message.TrimEnd('.')}");
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private void Fail(string reason, bool log = true)
    {
        if (Interlocked.CompareExchange(ref _failureReason, reason, null) is not null)
            return;
        if (log)
            TurnLog.Failed(_logger, Server, reason);
        try
        {
            _failed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Raced with the end of DisposeAsync.
        }

        _peerData.Writer.TryComplete();
        _connectionAttempts.Writer.TryComplete();
    }

    private void Drop(string reason)
    {
        Counters.Increment(TurnClientCounter.MessagesDropped);
        TurnLog.Dropped(_logger, Server, reason);
    }

    private TurnException Malformed(string reason)
    {
        Counters.Increment(TurnClientCounter.MessagesDropped);
        TurnLog.Dropped(_logger, Server, reason);
        return new TurnException(TurnFailure.Malformed, $"TURN server {Server}: {reason}.");
    }

    private TurnException Lost() => new(TurnFailure.ConnectionLost, $"TURN client for {Server} failed: {_failureReason ?? "closed"}.");

    private void ThrowIfFailed()
    {
        if (Volatile.Read(ref _failureReason) is not null)
            throw Lost();
    }

    private void RequireAllocation()
    {
        ThrowIfFailed();
        if (RelayedEndPoint is null)
            throw new InvalidOperationException("Allocate first.");
    }

    private static byte[] NewTransactionId() => RandomNumberGenerator.GetBytes(StunMessage.TransactionIdLength);

    private enum Outcome
    {
        Success,
        Retry,
    }

    private sealed record Received(StunMessage Message, byte[] Raw);

    private sealed record AuthState(string Username, byte[] Password, byte[] Realm, byte[] Nonce, byte[] Key, bool Sha256, byte[]? PasswordAlgorithms)
    {
        public string RealmText => TurnMessageCodec.Printable(Realm);

        public IEnumerable<StunAttribute> Attributes()
        {
            yield return new StunAttribute(TurnAttributeType.Username, Encoding.UTF8.GetBytes(Username));
            yield return new StunAttribute(TurnAttributeType.Realm, Realm);
            yield return new StunAttribute(TurnAttributeType.Nonce, Nonce);
            if (PasswordAlgorithms is not null)
            {
                // RFC 8489 §9.2.4: echo the offered list and name the chosen algorithm (SHA-256, no parameters).
                yield return new StunAttribute(TurnAttributeType.PasswordAlgorithms, PasswordAlgorithms);
                yield return new StunAttribute(TurnAttributeType.PasswordAlgorithm, new byte[] { 0x00, 0x02, 0x00, 0x00 });
            }
        }

        public override string ToString() => $"AuthState for '{Username}' (key redacted)";
    }
}
