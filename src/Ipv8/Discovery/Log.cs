using Ipv8.Messaging;
using Microsoft.Extensions.Logging;

namespace Ipv8.Discovery;

/// <summary>Source-generated log events of the Discovery area.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Walk strategy {Strategy} failed (failure {Count} of this registration; later failures are logged at Debug)")]
    public static partial void StrategyFailed(ILogger logger, Exception exception, string strategy, long count);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Walk strategy {Strategy} failed again (failure {Count})")]
    public static partial void StrategyFailedAgain(ILogger logger, Exception exception, string strategy, long count);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Removed unresponsive peer {Peer} ({Strategy})")]
    public static partial void PeerDropped(ILogger logger, Ipv8.Peers.Peer peer, string strategy);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "Ignored a pong from {Source}: no matching ping from that address")]
    public static partial void UnmatchedPong(ILogger logger, UdpAddress source);
}
