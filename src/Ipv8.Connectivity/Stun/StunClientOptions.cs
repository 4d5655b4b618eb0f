namespace Ipv8.Connectivity.Stun;

/// <summary>Retransmission and time limits of <see cref="StunClient"/> (RFC 8489 §6.2.1 with smaller defaults).</summary>
public sealed class StunClientOptions
{
    /// <summary>Gets the first retransmission timeout; it doubles after each retransmission. Default 250 ms.</summary>
    public TimeSpan InitialRetransmissionTimeout { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Gets the total time one binding transaction may take. Default 3 s.</summary>
    public TimeSpan TransactionTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Gets the most datagrams not belonging to the transaction read before giving up. Default 64.</summary>
    public int MaxIgnoredDatagrams { get; init; } = 64;
}
