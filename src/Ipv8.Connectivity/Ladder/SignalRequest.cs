using System.Net;

namespace Ipv8.Connectivity.Ladder;

/// <summary>A connection request sent through <see cref="ISignallingChannel"/>.</summary>
/// <param name="Kind">What is asked.</param>
/// <param name="Protocol">The protocol the pipe will carry.</param>
/// <param name="Token">Reverse: the token the connect-back must present (16 bytes). Punch: empty.</param>
/// <param name="Record">The requester's encoded, signed reachability record: the only addresses the receiver will connect to.</param>
/// <param name="PunchEndPoints">Punch: the requester's endpoints for this attempt (addresses from its record, the bound port). Relay: the one relayed transport address to dial.</param>
/// <param name="StartAt">Punch: when both sides send their SYNs.</param>
public sealed record SignalRequest(SignalKind Kind, string Protocol, byte[] Token, byte[] Record, IReadOnlyList<IPEndPoint> PunchEndPoints, DateTimeOffset StartAt);
