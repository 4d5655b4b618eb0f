using Ipv8.Connectivity.Pipes;

namespace Ipv8.Connectivity.Ladder;

/// <summary>The <c>direct</c> rung: connect to the TCP endpoints the other node's record lists.</summary>
public sealed class DirectRung : IConnectionRung
{
    /// <summary>The rung name: <c>direct</c>.</summary>
    public const string MethodName = "direct";

    /// <inheritdoc/>
    public string Name => MethodName;

    /// <inheritdoc/>
    public Task<SecurePipe> ConnectAsync(RungContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Remote.TcpPort == 0)
            throw new RungFailedException("the peer announces no TCP port");
        return TcpDialer.DialAsync(context.Remote.TcpEndPoints, context, ReadOnlyMemory<byte>.Empty, cancellationToken);
    }
}
