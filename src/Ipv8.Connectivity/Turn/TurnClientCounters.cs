namespace Ipv8.Connectivity.Turn;

/// <summary>What a <see cref="TurnClient"/> dropped, retried and refreshed; read concurrently with updates.</summary>
public sealed class TurnClientCounters
{
    private long _dropped;
    private long _integrityFailures;
    private long _challenges;
    private long _staleNonces;
    private long _retransmissions;
    private long _refreshes;
    private long _peerDataDropped;
    private long _connectionAttemptsIgnored;

    /// <summary>Gets the server messages dropped: malformed, bad FINGERPRINT, foreign source, unknown transaction, unexpected type.</summary>
    public long MessagesDropped => Interlocked.Read(ref _dropped);

    /// <summary>Gets the responses whose MESSAGE-INTEGRITY(-SHA256) was missing or wrong.</summary>
    public long IntegrityFailures => Interlocked.Read(ref _integrityFailures);

    /// <summary>Gets the 401 challenges answered with credentials.</summary>
    public long Challenges => Interlocked.Read(ref _challenges);

    /// <summary>Gets the 438 (stale nonce) answers retried.</summary>
    public long StaleNonces => Interlocked.Read(ref _staleNonces);

    /// <summary>Gets the UDP retransmissions.</summary>
    public long Retransmissions => Interlocked.Read(ref _retransmissions);

    /// <summary>Gets the successful allocation refreshes.</summary>
    public long Refreshes => Interlocked.Read(ref _refreshes);

    /// <summary>Gets the peer datagrams dropped because the queue was full or the channel/peer was unknown.</summary>
    public long PeerDataDropped => Interlocked.Read(ref _peerDataDropped);

    /// <summary>Gets the incoming peer connections ignored (unexpected peer, queue full).</summary>
    public long ConnectionAttemptsIgnored => Interlocked.Read(ref _connectionAttemptsIgnored);

    internal void CountDropped() => Interlocked.Increment(ref _dropped);

    internal void CountIntegrityFailure() => Interlocked.Increment(ref _integrityFailures);

    internal void CountChallenge() => Interlocked.Increment(ref _challenges);

    internal void CountStaleNonce() => Interlocked.Increment(ref _staleNonces);

    internal void CountRetransmission() => Interlocked.Increment(ref _retransmissions);

    internal void CountRefresh() => Interlocked.Increment(ref _refreshes);

    internal void CountPeerDataDropped() => Interlocked.Increment(ref _peerDataDropped);

    internal void CountConnectionAttemptIgnored() => Interlocked.Increment(ref _connectionAttemptsIgnored);
}
