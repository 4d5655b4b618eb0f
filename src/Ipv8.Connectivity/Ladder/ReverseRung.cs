using System.Security.Cryptography;
using Ipv8.Connectivity.Pipes;

namespace Ipv8.Connectivity.Ladder;

/// <summary>
/// The <c>reverse</c> rung: ask the other node, through signalling, to connect to our TCP server presenting a
/// fresh random token; our server hands that connection to us instead of to a handler.
/// </summary>
public sealed class ReverseRung : IConnectionRung
{
    /// <summary>The rung name: <c>reverse</c>.</summary>
    public const string MethodName = "reverse";

    /// <inheritdoc/>
    public string Name => MethodName;

    /// <inheritdoc/>
    public async Task<SecurePipe> ConnectAsync(RungContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.LocalRecord.TcpPort == 0)
            throw new RungFailedException("our own record announces no TCP port to connect back to");
        var token = RandomNumberGenerator.GetBytes(16);
        var arrival = context.Server.ExpectReverseAsync(context.Remote.Key, token, cancellationToken);
        var request = new SignalRequest(SignalKind.Reverse, context.Protocol, token, context.LocalRecord.Encode(), [], default);
        var reply = await context.Signalling.RequestAsync(context.Remote.Key, request, cancellationToken).ConfigureAwait(false);
        if (!reply.Accepted)
            throw new RungFailedException($"the peer refused to connect back: {reply.Reason}");
        return await arrival.ConfigureAwait(false);
    }
}
