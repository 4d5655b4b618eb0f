using System.Net;

namespace Ipv8.Connectivity.Ladder;

/// <summary>The answer to a <see cref="SignalRequest"/>.</summary>
/// <param name="Accepted">Whether the receiver will do what was asked.</param>
/// <param name="Reason">Why not, when refused.</param>
/// <param name="PunchEndPoints">Punch: the receiver's endpoints for this attempt.</param>
public sealed record SignalReply(bool Accepted, string Reason, IReadOnlyList<IPEndPoint> PunchEndPoints)
{
    /// <summary>Builds a refusal.</summary>
    public static SignalReply Refuse(string reason) => new(false, reason, []);
}
