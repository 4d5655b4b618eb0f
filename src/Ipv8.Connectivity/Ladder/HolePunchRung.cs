using System.Net;
using System.Net.Sockets;
using Ipv8.Connectivity.Pipes;

namespace Ipv8.Connectivity.Ladder;

/// <summary>
/// The <c>tcp_punch</c> rung. We bind a local port (shared with SO_REUSEADDR/SO_REUSEPORT) and send the other
/// node, through signalling, our endpoints on that port and a start time <see cref="ConnectorOptions.PunchLead"/>
/// ahead. It binds a port of its own, starts listening on it, replies with its endpoints, and at the start time
/// sends a SYN from that port to ours, which opens its NAT's mapping and filter toward us; from the start time
/// we connect from our port to its port until a connection is made or the budget ends. The handshake roles stay
/// fixed (we initiate), so both sides always agree on which connection carries the pipe. Where the peer's NAT
/// allocates ports at random, its port cannot be predicted and the punch fails within the budget.
/// </summary>
public sealed class HolePunchRung : IConnectionRung
{
    /// <summary>The rung name: <c>tcp_punch</c>.</summary>
    public const string MethodName = "tcp_punch";

    /// <inheritdoc/>
    public string Name => MethodName;

    /// <inheritdoc/>
    public async Task<SecurePipe> ConnectAsync(RungContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var bindAddress = context.Server.LocalEndPoint.Address;
        int localPort;
        using (var probe = TcpDialer.BindShared(new IPEndPoint(bindAddress, 0)))
            localPort = ((IPEndPoint)probe.LocalEndPoint!).Port;

        var ours = context.LocalRecord.Addresses.Select(a => new IPEndPoint(a, localPort)).ToList();
        var startAt = context.Time.GetUtcNow() + context.Options.PunchLead;
        var request = new SignalRequest(SignalKind.Punch, context.Protocol, [], context.LocalRecord.Encode(), ours, startAt);
        var reply = await context.Signalling.RequestAsync(context.Remote.Key, request, cancellationToken).ConfigureAwait(false);
        if (!reply.Accepted)
            throw new RungFailedException($"the peer refused to punch: {reply.Reason}");

        // Only endpoints on addresses the peer signed for are dialled.
        var theirs = reply.PunchEndPoints.Where(e => context.Remote.Addresses.Contains(e.Address)).ToList();
        if (theirs.Count == 0)
            throw new RungFailedException("the peer offered no punch endpoint on an address of its record");

        var wait = startAt - context.Time.GetUtcNow();
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, context.Time, cancellationToken).ConfigureAwait(false);

        var errors = new HashSet<string>(StringComparer.Ordinal);
        var attempts = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var endPoint in theirs)
            {
                attempts++;
                var socket = TcpDialer.BindShared(new IPEndPoint(bindAddress, localPort));
                try
                {
                    await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException e)
                {
                    socket.Dispose();
                    errors.Add($"{endPoint}: {e.SocketErrorCode}");
                    continue;
                }
                catch (OperationCanceledException)
                {
                    socket.Dispose();
                    throw new RungFailedException($"no connection after {attempts} attempts ({string.Join(", ", errors)})");
                }

                return await TcpDialer.HandshakeAsync(socket, context, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
            }

            // A refused SYN comes back at once; pace the retries so a closed port is not hammered.
            await Task.Delay(TimeSpan.FromMilliseconds(50), context.Time, cancellationToken).ConfigureAwait(false);
        }
    }
}
