namespace Ipv8.Connectivity.Pipes;

/// <summary>What <see cref="PipeServer"/> accepted and refused, and why. Thread-safe snapshots.</summary>
public sealed class PipeServerCounters
{
    private long _accepted;
    private long _refusedTotalLimit;
    private long _refusedPerAddressLimit;
    private long _handshakeTimeouts;
    private long _handshakeFailures;
    private long _refusedProtocol;
    private long _handlerFailures;

    /// <summary>Gets the pipes that completed the handshake.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Gets the connections closed at accept because <see cref="PipeServerOptions.MaxConnections"/> was reached.</summary>
    public long RefusedTotalLimit => Interlocked.Read(ref _refusedTotalLimit);

    /// <summary>Gets the connections closed at accept because their IP reached <see cref="PipeServerOptions.MaxConnectionsPerAddress"/>.</summary>
    public long RefusedPerAddressLimit => Interlocked.Read(ref _refusedPerAddressLimit);

    /// <summary>Gets the handshakes that did not finish in time (slow or silent clients).</summary>
    public long HandshakeTimeouts => Interlocked.Read(ref _handshakeTimeouts);

    /// <summary>Gets the handshakes that failed otherwise (malformed, bad signature, closed).</summary>
    public long HandshakeFailures => Interlocked.Read(ref _handshakeFailures);

    /// <summary>Gets the authenticated initiators refused (unknown protocol, unexpected reverse token or key).</summary>
    public long RefusedProtocol => Interlocked.Read(ref _refusedProtocol);

    /// <summary>Gets the handlers that ended with an exception.</summary>
    public long HandlerFailures => Interlocked.Read(ref _handlerFailures);

    internal void CountAccepted() => Interlocked.Increment(ref _accepted);

    internal void CountRefusedTotalLimit() => Interlocked.Increment(ref _refusedTotalLimit);

    internal void CountRefusedPerAddressLimit() => Interlocked.Increment(ref _refusedPerAddressLimit);

    internal void CountHandshakeFailure(HandshakeFailure failure)
    {
        switch (failure)
        {
            case HandshakeFailure.Timeout:
                Interlocked.Increment(ref _handshakeTimeouts);
                break;
            case HandshakeFailure.Refused:
                Interlocked.Increment(ref _refusedProtocol);
                break;
            default:
                Interlocked.Increment(ref _handshakeFailures);
                break;
        }
    }

    internal void CountHandlerFailure() => Interlocked.Increment(ref _handlerFailures);
}
