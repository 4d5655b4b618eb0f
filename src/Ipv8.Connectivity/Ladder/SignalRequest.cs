using System.Net;

namespace Ipv8.Connectivity.Ladder;

/// <summary>A connection request sent through <see cref="ISignallingChannel"/>.</summary>
/// <param name="Kind">What is asked.</param>
/// <param name="Protocol">The protocol the pipe will carry.</param>
/// <param name="Token">Reverse: the token the connect-back must present (16 bytes). Punch: empty.</param>
/// <param name="Record">The requester's encoded, signed reachability record: the only addresses the receiver will connect to.</param>
/// <param name="PunchEndPoints">Punch: the requester's endpoints for this attempt (addresses from its record, the predicted public ports). Relay: the one relayed transport address to dial.</param>
/// <param name="StartAt">Punch: when both sides send their SYNs.</param>
public sealed record SignalRequest(SignalKind Kind, string Protocol, byte[] Token, byte[] Record, IReadOnlyList<IPEndPoint> PunchEndPoints, DateTimeOffset StartAt)
{
    /// <summary>
    /// Gets the IP address the request was seen coming from: set by a channel that can tell (over the overlay, the
    /// datagram's source, or the source an introducer saw and vouches for); null when the channel cannot tell (in memory).
    /// When set, the receiver connects only to that address, so a requester cannot point it at a third party by listing
    /// someone else's address in its own record.
    /// </summary>
    public IPAddress? ObservedAddress { get; init; }
}
