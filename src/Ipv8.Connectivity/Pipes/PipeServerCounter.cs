namespace Ipv8.Connectivity.Pipes;

/// <summary>
/// What a <see cref="PipeServer"/> counts (<see cref="PipeServer.Counters"/>): what it accepted and refused, and why.
/// Published on the <c>Ipv8.Connectivity</c> meter as <c>pipe_server_</c> + the snake_case name.
/// </summary>
public enum PipeServerCounter
{
    /// <summary>Pipes that completed the handshake.</summary>
    Accepted,

    /// <summary>Connections closed at accept because <see cref="PipeServerOptions.MaxConnections"/> was reached.</summary>
    RefusedTotalLimit,

    /// <summary>Connections closed at accept because their IP reached <see cref="PipeServerOptions.MaxConnectionsPerAddress"/>.</summary>
    RefusedPerAddressLimit,

    /// <summary>Handshakes that did not finish in time (slow or silent clients).</summary>
    HandshakeTimeouts,

    /// <summary>Handshakes that failed otherwise (malformed, bad signature, closed).</summary>
    HandshakeFailures,

    /// <summary>Authenticated initiators refused (unknown protocol, unexpected reverse token or key).</summary>
    RefusedProtocol,

    /// <summary>Handlers that ended with an exception.</summary>
    HandlerFailures,
}
