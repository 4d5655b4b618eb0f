using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Ipv8.Connectivity.Pipes;
using Ipv8.Connectivity.Reachability;
using Ipv8.Keys;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipv8.Connectivity.Ladder;

/// <summary>
/// A node's connection ladder, both ways. <see cref="ConnectAsync"/> tries the rungs named in
/// <see cref="ConnectorOptions.Methods"/> in order, each within its budget. As the other side, it answers
/// signalling requests: it connects back (reverse) or takes part in a punch only for a requester whose signed,
/// unexpired record names the key the request really came from, only to addresses in that record, only for
/// protocols its server serves, and at most <see cref="ConnectorOptions.MaxConcurrentSignals"/> at once, so no
/// node can make it connect to a third party or amplify a flood. Refusals are counted and logged.
/// </summary>
public sealed class Connector : IConnector, IAsyncDisposable
{
    private readonly PrivateKey _localKey;
    private readonly KeyFactory _keys;
    private readonly PipeServer _server;
    private readonly ISignallingChannel _signalling;
    private readonly Func<ReachabilityRecord> _localRecord;
    private readonly Dictionary<string, IConnectionRung> _rungs;
    private readonly ConnectorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _signalSlots;
    private readonly CancellationTokenSource _stop = new();
    private readonly ITcpMappingProbe? _mappingProbe;
    private long _signalsRefused;

    /// <summary>Initializes the connector and registers it as the handler of <paramref name="signalling"/>.</summary>
    /// <param name="localKey">Our identity (the same the server uses).</param>
    /// <param name="keys">Parses remote keys and records.</param>
    /// <param name="server">Our started pipe server.</param>
    /// <param name="signalling">The channel for reverse and punch requests.</param>
    /// <param name="localRecord">Gives our current signed record (re-signed by the caller before it expires).</param>
    /// <param name="rungs">The available rungs; <see cref="ConnectorOptions.Methods"/> picks and orders them.</param>
    /// <param name="options">Order and budgets.</param>
    /// <param name="time">The clock (default system).</param>
    /// <param name="logger">Logs refusals and failed rungs.</param>
    /// <param name="mappingProbe">Finds our TCP ports' public mappings for hole punching (default none: ports are predicted from the local port).</param>
    /// <exception cref="ArgumentException">A configured method has no rung.</exception>
    public Connector(PrivateKey localKey, KeyFactory keys, PipeServer server, ISignallingChannel signalling, Func<ReachabilityRecord> localRecord,
        IEnumerable<IConnectionRung> rungs, ConnectorOptions? options = null, TimeProvider? time = null, ILogger<Connector>? logger = null, ITcpMappingProbe? mappingProbe = null)
    {
        _mappingProbe = mappingProbe;
        ArgumentNullException.ThrowIfNull(localKey);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(signalling);
        ArgumentNullException.ThrowIfNull(localRecord);
        ArgumentNullException.ThrowIfNull(rungs);
        _localKey = localKey;
        _keys = keys;
        _server = server;
        _signalling = signalling;
        _localRecord = localRecord;
        _rungs = rungs.ToDictionary(r => r.Name, StringComparer.Ordinal);
        _options = options ?? new ConnectorOptions();
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        foreach (var method in _options.Methods)
        {
            if (!_rungs.ContainsKey(method))
                throw new ArgumentException($"Connection method '{method}' has no rung; known: {string.Join(", ", _rungs.Keys)}.", nameof(options));
        }

        _signalSlots = new SemaphoreSlim(_options.MaxConcurrentSignals, _options.MaxConcurrentSignals);
        signalling.SetHandler(HandleSignalAsync);
    }

    /// <summary>Gets the built-in rungs: direct, reverse, tcp_punch.</summary>
    public static IReadOnlyList<IConnectionRung> BuiltInRungs { get; } = [new DirectRung(), new ReverseRung(), new HolePunchRung()];

    /// <summary>Gets the number of signalling requests refused (invalid record, third-party address, unknown protocol, busy).</summary>
    public long SignalsRefused => Interlocked.Read(ref _signalsRefused);

    /// <inheritdoc/>
    /// <remarks>
    /// The rungs run one after another in <see cref="ConnectorOptions.Methods"/> order, except the relay: it does
    /// not wait for the rungs before it to fail, but starts in parallel once they have used their budgets
    /// (<see cref="ConnectorOptions.RelayStartAfter"/>) or have all failed, whichever comes first. The first pipe
    /// wins; the other attempts are cancelled and any late pipe is closed.
    /// </remarks>
    public async Task<ConnectResult> ConnectAsync(ReachabilityRecord remote, string protocol, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(protocol);
        var total = Stopwatch.StartNew();
        var context = new RungContext(_localKey, _keys, _localRecord(), remote, protocol, _server, _signalling, _options, _time) { MappingProbe = _mappingProbe };
        var race = new Race();
        var stopLosers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var relayGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inOrder = RunInOrderAsync(context, race, relayGate, stopLosers.Token, cancellationToken);
        var relay = _options.Methods.Contains(RelayRung.MethodName) ? RunRelayAsync(context, race, relayGate.Task, stopLosers.Token, cancellationToken) : Task.CompletedTask;
        var all = Task.WhenAll(inOrder, relay);
        await Task.WhenAny(race.Winner.Task, all).ConfigureAwait(false);
        if (race.Winner.Task.IsCompleted)
        {
            await stopLosers.CancelAsync().ConfigureAwait(false);
            _ = all.ContinueWith(t => { _ = t.Exception; stopLosers.Dispose(); }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            var (pipe, method, attempts) = race.Winner.Task.Result;
            return new ConnectResult(pipe, method, total.Elapsed, attempts);
        }

        stopLosers.Dispose();
        await all.ConfigureAwait(false);
        throw new ConnectionFailedException(remote.Key.MidHex, race.Attempts);
    }

    private async Task RunInOrderAsync(RungContext context, Race race, TaskCompletionSource relayGate, CancellationToken stop, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var method in _options.Methods)
            {
                if (method == RelayRung.MethodName)
                {
                    // The rungs before the relay are done: it may start now.
                    relayGate.TrySetResult();
                    continue;
                }

                if (race.Won)
                    return;
                await RunRungAsync(method, context, race, stop, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            relayGate.TrySetResult();
        }
    }

    private async Task RunRelayAsync(RungContext context, Race race, Task relayGate, CancellationToken stop, CancellationToken cancellationToken)
    {
        var before = _options.Methods.TakeWhile(m => m != RelayRung.MethodName).ToList();
        var startAfter = _options.RelayStartAfter ?? before.Aggregate(TimeSpan.Zero, (sum, m) => sum + _options.BudgetOf(m));
        await Task.WhenAny(relayGate, Task.Delay(startAfter, _time, stop)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (!race.Won)
            await RunRungAsync(RelayRung.MethodName, context, race, stop, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunRungAsync(string method, RungContext context, Race race, CancellationToken stop, CancellationToken cancellationToken)
    {
        var rung = _rungs[method];
        var budget = _options.BudgetOf(method);
        var watch = Stopwatch.StartNew();
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(stop);
        bounded.CancelAfter(budget);
        string reason;
        try
        {
            var pipe = await rung.ConnectAsync(context, bounded.Token).ConfigureAwait(false);
            if (!race.TryWin(pipe, new RungAttempt(method, "ok", watch.Elapsed)))
                await pipe.DisposeAsync().ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            reason = race.Won ? "abandoned: another rung won" : $"no pipe within the {budget.TotalMilliseconds:0} ms budget";
        }
        catch (RungFailedException e) when (bounded.IsCancellationRequested && e.InnerException is OperationCanceledException or null && !cancellationToken.IsCancellationRequested)
        {
            reason = race.Won ? "abandoned: another rung won" : $"{e.Message} (budget of {budget.TotalMilliseconds:0} ms reached)";
        }
        catch (RungFailedException e)
        {
            reason = e.Message;
        }
        catch (Exception e) when (e is SocketException or IOException or PipeHandshakeException)
        {
            reason = e.Message;
        }

        race.Fail(new RungAttempt(method, reason, watch.Elapsed));
        if (!race.Won)
            ConnectivityLog.RungFailed(_logger, method, context.Remote.Key.MidHex, watch.ElapsedMilliseconds, reason);
    }

    /// <summary>Stops background connect-backs and punches.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
            return;
        await _stop.CancelAsync().ConfigureAwait(false);
        _stop.Dispose();
        _signalSlots.Dispose();
    }

    private Task<SignalReply> HandleSignalAsync(Ipv8.Keys.PublicKey from, SignalRequest request, CancellationToken cancellationToken)
    {
        if (!ReachabilityRecord.TryDecode(request.Record, _keys, _time.GetUtcNow(), out var record, out var error))
            return Task.FromResult(Refuse(from, $"invalid reachability record: {error}"));
        if (!record.Key.Equals(from))
            return Task.FromResult(Refuse(from, "the record names another key than the sender's"));
        if (request.ObservedAddress is { } observed && !record.Addresses.Contains(observed))
            return Task.FromResult(Refuse(from, $"the request came from {observed}, which the requester's record does not list (a third-party address)"));
        if (!_server.Serves(request.Protocol))
            return Task.FromResult(Refuse(from, $"no handler for protocol '{request.Protocol}'"));
        if (_stop.IsCancellationRequested || !_signalSlots.Wait(0, CancellationToken.None))
            return Task.FromResult(Refuse(from, "busy"));

        var releaseSlot = true;
        try
        {
            switch (request.Kind)
            {
                case SignalKind.Reverse:
                    if (request.Token.Length is 0 or > PipeHandshake.MaxTokenLength)
                        return Task.FromResult(Refuse(from, "bad token"));
                    var targets = ConnectTargets(record, request).ToList();
                    if (targets.Count == 0)
                        return Task.FromResult(Refuse(from, "the record announces no TCP endpoint on the address the request came from"));
                    releaseSlot = false;
                    _ = ConnectBackAsync(record, request, targets);
                    return Task.FromResult(new SignalReply(true, string.Empty, []));
                case SignalKind.Punch:
                    // Punch SYNs go only to addresses the requester itself signed for, and (when the channel saw it) the one it sent from.
                    if (request.PunchEndPoints.Count is 0 or > ReachabilityRecord.MaxAddresses
                        || request.PunchEndPoints.Any(e => !record.Addresses.Contains(e.Address) || (request.ObservedAddress is { } seen && !seen.Equals(e.Address))))
                    {
                        return Task.FromResult(Refuse(from, "punch endpoints outside the requester's record or not on the address the request came from"));
                    }

                    releaseSlot = false;
                    return AnswerPunchAsync(record, request);
                case SignalKind.Relay:
                    // Only a relayed address on a TURN server this node itself trusts: no one can make it dial a third party.
                    if (!_rungs.TryGetValue(RelayRung.MethodName, out var relayRung) || relayRung is not RelayRung relay)
                        return Task.FromResult(Refuse(from, "this node has no relay configured"));
                    if (request.PunchEndPoints.Count != 1 || !relay.Accepts(request.PunchEndPoints[0]))
                        return Task.FromResult(Refuse(from, "the relayed address is not on a TURN server this node trusts"));
                    releaseSlot = false;
                    _ = AnswerRelayAsync(record, request.PunchEndPoints[0]);
                    return Task.FromResult(new SignalReply(true, string.Empty, []));
                default:
                    return Task.FromResult(Refuse(from, $"unknown request kind {(int)request.Kind}"));
            }
        }
        finally
        {
            if (releaseSlot)
                _signalSlots.Release();
        }
    }

    private static IEnumerable<IPEndPoint> ConnectTargets(ReachabilityRecord record, SignalRequest request) =>
        record.TcpEndPoints.Where(e => request.ObservedAddress is not { } observed || observed.Equals(e.Address));

    private async Task<SignalReply> AnswerPunchAsync(ReachabilityRecord record, SignalRequest request)
    {
        Socket? listener = null;
        try
        {
            listener = TcpDialer.BindShared(new IPEndPoint(_server.LocalEndPoint.Address, 0));
            listener.Listen(1);
            var bound = (IPEndPoint)listener.LocalEndPoint!;
            using var probeBudget = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            probeBudget.CancelAfter(_options.PunchLead);
            var ours = await HolePunchRung.PredictOwnEndPointsAsync(_localRecord(), bound, _mappingProbe, _options.PunchPortCandidates, probeBudget.Token).ConfigureAwait(false);
            var owned = listener;
            listener = null;
            _ = PunchAsync(record, request, owned, bound.Port);
            return new SignalReply(true, string.Empty, ours);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            ReleaseSlot();
            return SignalReply.Refuse($"cannot prepare the punch: {e.Message}");
        }
        finally
        {
            listener?.Dispose();
        }
    }

    private async Task ConnectBackAsync(ReachabilityRecord record, SignalRequest request, IReadOnlyList<IPEndPoint> targets)
    {
        try
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            bounded.CancelAfter(_options.BudgetOf(ReverseRung.MethodName));
            var context = new RungContext(_localKey, _keys, _localRecord(), record, request.Protocol, _server, _signalling, _options, _time);
            var pipe = await TcpDialer.DialAsync(targets, context, request.Token, bounded.Token).ConfigureAwait(false);
            _server.RunHandler(pipe);
        }
        catch (Exception e) when (e is RungFailedException or OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            ConnectivityLog.RungFailed(_logger, "reverse (connect back)", record.Key.MidHex, 0, e.Message);
        }
        finally
        {
            ReleaseSlot();
        }
    }

    private async Task PunchAsync(ReachabilityRecord record, SignalRequest request, Socket listener, int port)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        try
        {
            bounded.CancelAfter(_options.BudgetOf(HolePunchRung.MethodName));
            var accept = listener.AcceptAsync(bounded.Token).AsTask();
            var wait = request.StartAt - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                var delay = Task.Delay(wait > _options.BudgetOf(HolePunchRung.MethodName) ? _options.BudgetOf(HolePunchRung.MethodName) : wait, _time, bounded.Token);
                await Task.WhenAny(accept, delay).ConfigureAwait(false);
            }

            var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!accept.IsCompleted)
            {
                // Our SYNs open our NAT toward the requester's endpoints; most are expected to fail.
                foreach (var endPoint in request.PunchEndPoints)
                    _ = SendPunchSynAsync(new IPEndPoint(_server.LocalEndPoint.Address, port), endPoint, record.Key, connected, bounded.Token);
            }

            if (await Task.WhenAny(accept, connected.Task).ConfigureAwait(false) != accept)
                return;
            var socket = await accept.ConfigureAwait(false);
            var remote = (IPEndPoint?)socket.RemoteEndPoint;
            if (remote is null || !record.Addresses.Contains(remote.Address))
            {
                socket.Dispose();
                return;
            }

            await _server.ServeConnectedAsync(socket, record.Key).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            ConnectivityLog.RungFailed(_logger, "tcp_punch (answering)", record.Key.MidHex, 0, e.Message);
        }
        finally
        {
            // Stops the SYN senders still retrying once the punch has its connection or its time is up.
            await bounded.CancelAsync().ConfigureAwait(false);
            listener.Dispose();
            ReleaseSlot();
        }
    }

    private async Task SendPunchSynAsync(IPEndPoint local, IPEndPoint remote, Ipv8.Keys.PublicKey requester, TaskCompletionSource connected, CancellationToken ct)
    {
        // Our SYNs open our NAT toward the requester; a refused one (the requester's socket was not there yet, or its
        // NAT reset it) closes that opening, so we send again until the punch ends.
        while (!ct.IsCancellationRequested)
        {
            var socket = TcpDialer.BindShared(local);
            try
            {
                await socket.ConnectAsync(remote, ct).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
            {
                socket.Dispose();
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                // Dropped or timed out: the SYN has done its work on our NAT either way.
                socket.Dispose();
                return;
            }

            // Our SYN met the requester's in flight (TCP simultaneous open) or reached its listener: this is the connection, and we stay the responder.
            connected.TrySetResult();
            await _server.ServeConnectedAsync(socket, requester).ConfigureAwait(false);
            return;
        }
    }

    private async Task AnswerRelayAsync(ReachabilityRecord record, IPEndPoint relayed)
    {
        try
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            bounded.CancelAfter(_options.BudgetOf(RelayRung.MethodName));
            await RelayRung.AnswerAsync(relayed, record.Key, _server, bounded.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            ConnectivityLog.RungFailed(_logger, "relay (answering)", record.Key.MidHex, 0, e.Message);
        }
        finally
        {
            ReleaseSlot();
        }
    }

    private void ReleaseSlot()
    {
        try
        {
            _signalSlots.Release();
        }
        catch (ObjectDisposedException)
        {
            // Disposed while a background job ended.
        }
    }

    private SignalReply Refuse(Ipv8.Keys.PublicKey from, string reason)
    {
        Interlocked.Increment(ref _signalsRefused);
        ConnectivityLog.SignalRefused(_logger, from.MidHex, reason);
        return SignalReply.Refuse(reason);
    }

    /// <summary>The first pipe of one connect and every attempt, shared by the in-order rungs and the relay.</summary>
    private sealed class Race
    {
        private readonly Lock _lock = new();
        private readonly List<RungAttempt> _attempts = [];

        public TaskCompletionSource<(SecurePipe Pipe, string Method, IReadOnlyList<RungAttempt> Attempts)> Winner { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Won => Winner.Task.IsCompleted;

        public IReadOnlyList<RungAttempt> Attempts
        {
            get
            {
                lock (_lock)
                    return _attempts.ToList();
            }
        }

        public bool TryWin(SecurePipe pipe, RungAttempt attempt)
        {
            lock (_lock)
            {
                if (Won)
                    return false;
                _attempts.Add(attempt);
                Winner.SetResult((pipe, attempt.Method, _attempts.ToList()));
                return true;
            }
        }

        public void Fail(RungAttempt attempt)
        {
            lock (_lock)
                _attempts.Add(attempt);
        }
    }
}
