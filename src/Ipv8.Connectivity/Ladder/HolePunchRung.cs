using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Ipv8.Connectivity.Nat;
using Ipv8.Connectivity.Pipes;
using Ipv8.Connectivity.Reachability;

namespace Ipv8.Connectivity.Ladder;

/// <summary>
/// The <c>tcp_punch</c> rung. We bind a local port (shared with SO_REUSEADDR/SO_REUSEPORT), predict the public port
/// our NAT will give it (<see cref="PortPrediction"/>: the local port, or, with a <see cref="RungContext.MappingProbe"/>,
/// the port a probe from it saw, plus <see cref="ConnectorOptions.PunchPortCandidates"/> steps of a sequential NAT's
/// delta) and send the other node, through signalling, those endpoints and a start time
/// <see cref="ConnectorOptions.PunchLead"/> ahead. It binds and predicts a port of its own, starts listening on it,
/// replies with its endpoints, and at the start time sends a SYN from that port to ours, which opens its NAT's mapping
/// and filter toward us; from the start time we connect from our port to each of its endpoints at once until one
/// connects or the budget ends. The handshake roles stay fixed (we initiate), so both sides always agree on which
/// connection carries the pipe. When both NATs allocate ports at random, or one does and the other filters by address
/// and port, the rung fails at once, saying so: no SYN could get through.
/// </summary>
public sealed class HolePunchRung : IConnectionRung
{
    /// <summary>The rung name: <c>tcp_punch</c>.</summary>
    public const string MethodName = "tcp_punch";

    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(50);

    /// <inheritdoc/>
    public string Name => MethodName;

    /// <inheritdoc/>
    public async Task<SecurePipe> ConnectAsync(RungContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (PortPrediction.IsUnpredictable(context.LocalRecord.Nat) && PortPrediction.IsUnpredictable(context.Remote.Nat))
        {
            throw new RungFailedException(
                $"both NATs allocate a new random port per destination (ours: {context.LocalRecord.Nat}; the peer's: {context.Remote.Nat}): neither side's public port can be predicted, so a TCP punch cannot meet");
        }

        if (CannotMeet(context.LocalRecord.Nat, context.Remote.Nat) is { } reason)
        {
            // Failing now lets the next rung (usually the relay) start instead of waiting out this rung's whole budget.
            throw new RungFailedException(reason);
        }

        var bindAddress = context.Server.LocalEndPoint.Address;

        // We listen on the punch port too: a SYN of the peer that arrives before ours left (its NAT let it through) is
        // accepted instead of being answered with a reset that would close the peer's mapping.
        using var listener = TcpDialer.BindShared(new IPEndPoint(bindAddress, 0));
        listener.Listen(4);
        var localPort = ((IPEndPoint)listener.LocalEndPoint!).Port;

        var ours = await PredictOwnEndPointsAsync(context.LocalRecord, new IPEndPoint(bindAddress, localPort), context.MappingProbe, context.Options.PunchPortCandidates, cancellationToken).ConfigureAwait(false);
        var startAt = context.Time.GetUtcNow() + context.Options.PunchLead;
        var request = new SignalRequest(SignalKind.Punch, context.Protocol, [], context.LocalRecord.Encode(), ours, startAt);
        var reply = await context.Signalling.RequestAsync(context.Remote.Key, request, cancellationToken).ConfigureAwait(false);
        if (!reply.Accepted)
            throw new RungFailedException($"the peer refused to punch: {reply.Reason}");

        // Only endpoints on addresses the peer signed for are dialled.
        var theirs = reply.PunchEndPoints.Where(e => context.Remote.Addresses.Contains(e.Address)).Distinct().Take(ReachabilityRecord.MaxAddresses).ToList();
        if (theirs.Count == 0)
            throw new RungFailedException("the peer offered no punch endpoint on an address of its record");

        var wait = startAt - context.Time.GetUtcNow();
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, context.Time, cancellationToken).ConfigureAwait(false);

        var errors = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var socket = await RaceAsync(new IPEndPoint(bindAddress, localPort), theirs, listener, context.Remote.Addresses, errors, cancellationToken).ConfigureAwait(false);
        if (socket is null)
        {
            var hint = PortPrediction.IsUnpredictable(context.Remote.Nat) ? "; the peer's NAT allocates ports at random, so its port could not be predicted"
                : PortPrediction.IsUnpredictable(context.LocalRecord.Nat) ? "; our NAT allocates ports at random, so the peer could not predict our port"
                : string.Empty;
            var seen = errors.IsEmpty ? "no answer to any SYN" : string.Join(", ", errors.Select(e => $"{e.Key} x{e.Value}"));
            throw new RungFailedException($"no TCP connection to {string.Join(" or ", theirs)} ({seen}){hint}");
        }

        return await TcpDialer.HandshakeAsync(socket, context, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Why a punch between these NATs cannot meet, or null when it may: one side allocates a random port per destination
    /// (so nobody can predict it) while the other filters by address and port (so it drops a SYN from any port but the one
    /// it punched toward, which was a wrong guess). Unknown filtering is given the benefit of the doubt.
    /// </summary>
    internal static string? CannotMeet(NatClass ours, NatClass theirs)
    {
        if (PortPrediction.IsUnpredictable(ours) && theirs.Filtering == NatFiltering.AddressAndPortDependent)
            return $"our NAT allocates ports at random ({ours}) and the peer's NAT filters by address and port ({theirs}): the peer cannot predict our port and drops a SYN from any other, so a TCP punch cannot meet";
        if (PortPrediction.IsUnpredictable(theirs) && ours.Filtering == NatFiltering.AddressAndPortDependent)
            return $"the peer's NAT allocates ports at random ({theirs}) and ours filters by address and port ({ours}): we cannot predict its port and our NAT drops its SYN from any other, so a TCP punch cannot meet";
        return null;
    }

    /// <summary>Our punch endpoints: every address of our record with each predicted public port of <paramref name="bound"/>.</summary>
    internal static async Task<IReadOnlyList<IPEndPoint>> PredictOwnEndPointsAsync(ReachabilityRecord local, IPEndPoint bound, ITcpMappingProbe? probe, int candidates, CancellationToken cancellationToken)
    {
        int? probed = null;
        if (probe is not null && local.Nat.Mapping != Nat.NatMapping.NoNat)
        {
            try
            {
                probed = (await probe.ProbeAsync(bound, cancellationToken).ConfigureAwait(false)).Port;
            }
            catch (Stun.StunException)
            {
                // No probe answer: fall back to the local port (right for preserving NATs).
            }
        }

        var ports = PortPrediction.Candidates(local.Nat, bound.Port, probed, candidates);
        return local.Addresses.Where(a => a.AddressFamily == bound.AddressFamily || bound.Address.Equals(IPAddress.Any))
            .SelectMany(a => ports.Select(p => new IPEndPoint(a, p)))
            .Take(ReachabilityRecord.MaxAddresses)
            .ToList();
    }

    /// <summary>
    /// Connects from <paramref name="local"/> to every endpoint at once, retrying refusals, while accepting on
    /// <paramref name="listener"/> from the peer's addresses; the first connected socket wins, the rest are closed.
    /// </summary>
    private static async Task<Socket?> RaceAsync(IPEndPoint local, IReadOnlyList<IPEndPoint> endPoints, Socket listener, IReadOnlyList<IPAddress> peerAddresses, ConcurrentDictionary<string, int> errors, CancellationToken cancellationToken)
    {
        using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = endPoints.Select(e => DialUntilConnectedAsync(local, e, errors, race.Token)).Append(AcceptFromAsync(listener, peerAddresses, errors, race.Token)).ToList();
        Socket? winner = null;
        while (pending.Count > 0 && winner is null)
        {
            var done = await Task.WhenAny(pending).ConfigureAwait(false);
            pending.Remove(done);
            winner = await done.ConfigureAwait(false);
        }

        await race.CancelAsync().ConfigureAwait(false);
        foreach (var loser in pending)
        {
            // A loser may still connect in the instant before it sees the cancellation.
            (await loser.ConfigureAwait(false))?.Dispose();
        }

        return winner;
    }

    private static async Task<Socket?> AcceptFromAsync(Socket listener, IReadOnlyList<IPAddress> peerAddresses, ConcurrentDictionary<string, int> errors, CancellationToken cancellationToken)
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return null;
            }

            if (accepted.RemoteEndPoint is IPEndPoint remote && peerAddresses.Contains(remote.Address))
                return accepted;
            errors.AddOrUpdate($"refused a connection from {accepted.RemoteEndPoint}", 1, (_, n) => n + 1);
            accepted.Dispose();
        }
    }

    private static async Task<Socket?> DialUntilConnectedAsync(IPEndPoint local, IPEndPoint remote, ConcurrentDictionary<string, int> errors, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = TcpDialer.BindShared(local);
            }
            catch (SocketException e)
            {
                errors.AddOrUpdate($"bind {local}: {e.SocketErrorCode}", 1, (_, n) => n + 1);
                return null;
            }

            try
            {
                await socket.ConnectAsync(remote, cancellationToken).ConfigureAwait(false);
                return socket;
            }
            catch (SocketException e)
            {
                socket.Dispose();
                errors.AddOrUpdate($"{remote}: {e.SocketErrorCode}", 1, (_, n) => n + 1);
            }
            catch (OperationCanceledException)
            {
                socket.Dispose();
                return null;
            }

            // A refused SYN comes back at once; pace the retries so a closed port is not hammered.
            try
            {
                await Task.Delay(RetryPause, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        return null;
    }
}
