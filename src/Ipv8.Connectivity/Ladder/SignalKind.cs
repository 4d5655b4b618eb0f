namespace Ipv8.Connectivity.Ladder;

/// <summary>What a signalling request asks for.</summary>
public enum SignalKind
{
    /// <summary>Connect back to the requester's TCP server (reverse connection).</summary>
    Reverse = 1,

    /// <summary>Take part in a TCP hole punch at the given time.</summary>
    Punch = 2,

    /// <summary>Connect to the requester's TURN relayed address (in <see cref="SignalRequest.PunchEndPoints"/>) and serve the pipe the requester opens through it.</summary>
    Relay = 3,
}
