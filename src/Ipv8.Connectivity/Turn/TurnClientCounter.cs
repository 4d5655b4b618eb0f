namespace Ipv8.Connectivity.Turn;

/// <summary>What a <see cref="TurnClient"/> counts (<see cref="TurnClient.Counters"/>; published as <c>turn_*</c> instruments).</summary>
public enum TurnClientCounter
{
    /// <summary>Server messages dropped: malformed, bad FINGERPRINT, foreign source, unknown transaction, unexpected type.</summary>
    MessagesDropped,

    /// <summary>Responses whose MESSAGE-INTEGRITY(-SHA256) was missing or wrong.</summary>
    IntegrityFailures,

    /// <summary>401 challenges answered with credentials.</summary>
    Challenges,

    /// <summary>438 (stale nonce) answers retried.</summary>
    StaleNonces,

    /// <summary>UDP retransmissions.</summary>
    Retransmissions,

    /// <summary>Successful allocation refreshes.</summary>
    Refreshes,

    /// <summary>Peer datagrams dropped because the queue was full or the channel/peer was unknown.</summary>
    PeerDataDropped,

    /// <summary>Incoming peer connections ignored (unexpected peer, queue full).</summary>
    ConnectionAttemptsIgnored,
}
