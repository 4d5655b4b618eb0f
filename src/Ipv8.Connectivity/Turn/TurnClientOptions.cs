namespace Ipv8.Connectivity.Turn;

/// <summary>Timeouts, lifetimes and bounds of a <see cref="TurnClient"/>.</summary>
public sealed class TurnClientOptions
{
    /// <summary>Gets how long one transaction (request to response, retransmissions included) may take. Default 5 s.</summary>
    public TimeSpan TransactionTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the first retransmission timeout over UDP; it doubles after each retransmission (RFC 8489 §6.2.1). Default 500 ms.</summary>
    public TimeSpan InitialRetransmissionTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Gets the allocation lifetime asked for in ALLOCATE and REFRESH (the server may grant less). Default 10 min.
    /// The client refreshes at half the granted lifetime or one minute before it ends, whichever is later.
    /// </summary>
    public TimeSpan RequestedLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets how often permissions are renewed (they last 5 minutes on the server, RFC 8656 §9). Default 4 min.</summary>
    public TimeSpan PermissionRefreshInterval { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>Gets how often channel bindings are renewed (they last 10 minutes on the server, RFC 8656 §12). Default 8 min.</summary>
    public TimeSpan ChannelRefreshInterval { get; init; } = TimeSpan.FromMinutes(8);

    /// <summary>Gets how many stale-nonce (438) retries one request may take before failing. Default 3.</summary>
    public int MaxStaleNonceRetries { get; init; } = 3;

    /// <summary>Gets how many received peer datagrams (UDP relay) wait for <see cref="TurnClient.ReceiveFromPeerAsync"/>; more are dropped and counted. Default 256.</summary>
    public int MaxQueuedPeerData { get; init; } = 256;

    /// <summary>Gets how many incoming peer connections (TCP relay) wait for <see cref="TurnClient.AcceptConnectionAsync"/>; more are dropped and counted. Default 16.</summary>
    public int MaxQueuedConnectionAttempts { get; init; } = 16;
}
