using System.Net;
using System.Net.Sockets;
using Ipv8.Connectivity.Pipes;
using Ipv8.Connectivity.Turn;
using Ipv8.Keys;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipv8.Connectivity.Ladder;

/// <summary>
/// The <c>relay</c> rung: the last resort when neither side can be reached or punched (two random-port
/// symmetric NATs, strict firewalls). We allocate a TCP relay on a TURN server (RFC 6062), permit only the
/// peer's addresses from its signed record, and send the relayed address through signalling; the peer dials it
/// like any server (it needs no TURN account), the relay announces the connection, we bind it, and we run the
/// same initiator handshake as on every other rung over the relayed byte stream. The relay sees only the pipe's
/// ciphertext, and the handshake still proves the peer's key.
/// <para>
/// Why a TCP relay and not a UDP one: the pipe is a reliable ordered byte stream. Over RFC 6062 each side keeps
/// plain TCP to the relay, so retransmission, ordering, flow and congestion control are the kernel's, tested and
/// fair to other traffic, and the same <see cref="SecurePipe"/> framing runs unchanged. Carrying the frames over
/// UDP channels would need our own acknowledgements, retransmission timers, windows and congestion control: a
/// second TCP, slower and riskier. coturn supports TCP allocations by default. The UDP relay (channels) remains in
/// <see cref="TurnClient"/> for datagram traffic.
/// </para>
/// </summary>
public sealed class RelayRung : IConnectionRung
{
    /// <summary>The rung name: <c>relay</c>.</summary>
    public const string MethodName = "relay";

    private readonly RelayRungOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HashSet<IPAddress> _accepted;

    /// <summary>Initializes the rung.</summary>
    /// <param name="options">Servers and accepted relays.</param>
    /// <param name="time">The clock for allocation refreshes (system when null).</param>
    /// <param name="logger">Logs TURN events; never credentials.</param>
    public RelayRung(RelayRungOptions options, TimeProvider? time = null, ILogger<TurnClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _accepted = [.. options.Servers.Select(s => s.EndPoint.Address), .. options.AcceptedRelayAddresses];
    }

    /// <inheritdoc/>
    public string Name => MethodName;

    /// <inheritdoc/>
    public async Task<SecurePipe> ConnectAsync(RungContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_options.Servers.Count == 0)
            throw new RungFailedException("no TURN server is configured");
        var errors = new List<string>();
        foreach (var server in _options.Servers)
        {
            TurnClient? client = null;
            try
            {
                client = await TurnClient.ConnectAsync(server.EndPoint, TurnTransportProtocol.Tcp, server.Credentials, _options.Client, _time, _logger, cancellationToken).ConfigureAwait(false);
                var relayed = await client.AllocateAsync(cancellationToken).ConfigureAwait(false);

                // Permissions for the peer's own signed addresses only: the relay forwards nobody else.
                var peers = context.Remote.Addresses.Where(a => a.AddressFamily == relayed.AddressFamily).ToList();
                if (peers.Count == 0)
                    throw new RungFailedException($"the peer's record has no {relayed.AddressFamily} address for the relay at {server.EndPoint}");
                foreach (var peer in peers)
                    await client.CreatePermissionAsync(peer, cancellationToken).ConfigureAwait(false);

                var arrival = client.AcceptConnectionAsync(peers, ownsClient: true, cancellationToken);
                _ = arrival.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                var request = new SignalRequest(SignalKind.Relay, context.Protocol, [], context.LocalRecord.Encode(), [relayed], default);
                var reply = await context.Signalling.RequestAsync(context.Remote.Key, request, cancellationToken).ConfigureAwait(false);
                if (!reply.Accepted)
                    throw new RungFailedException($"the peer refused to meet at the relay: {reply.Reason}");
                var stream = await arrival.ConfigureAwait(false);
                client = null; // owned by the stream, and so by the pipe, from here
                try
                {
                    return await PipeHandshake.InitiateAsync(stream, context.LocalKey, context.Remote.Key, context.Protocol, ReadOnlyMemory<byte>.Empty, context.Keys, context.Server.PipeOptions, relayed, cancellationToken).ConfigureAwait(false);
                }
                catch (PipeHandshakeException e)
                {
                    throw new RungFailedException($"handshake through the relay failed ({e.Failure}): {e.Message}", e);
                }
            }
            catch (TurnException e)
            {
                errors.Add($"{server.EndPoint}: {e.Message}");
            }
            catch (SocketException e)
            {
                errors.Add($"{server.EndPoint}: {e.SocketErrorCode}");
            }
            finally
            {
                if (client is not null)
                    await client.DisposeAsync().ConfigureAwait(false);
            }
        }

        throw new RungFailedException("no relay: " + string.Join("; ", errors));
    }

    /// <summary>Gets whether this node dials <paramref name="relayed"/> when a peer asks to meet there.</summary>
    internal bool Accepts(IPEndPoint relayed) => _accepted.Contains(relayed.Address);

    /// <summary>The answering side: dial the relayed address and serve the pipe <paramref name="requester"/> opens through it.</summary>
    internal static async Task AnswerAsync(IPEndPoint relayed, PublicKey requester, PipeServer server, CancellationToken cancellationToken)
    {
        // Tuned like the relay's own connections: a relay that vanishes silently fails this side too within about 15 s.
        var socket = TcpTurnTransport.CreateSocket(relayed);
        try
        {
            await socket.ConnectAsync(relayed, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        // The requester initiates the handshake once the relay has bound our connection; only its key is accepted.
        _ = server.ServeConnectedAsync(socket, requester);
    }
}
