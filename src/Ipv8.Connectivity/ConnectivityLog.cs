using System.Net;
using Microsoft.Extensions.Logging;

namespace Ipv8.Connectivity;

/// <summary>Source-generated log events of the connectivity assembly. Never logs key material.</summary>
internal static partial class ConnectivityLog
{
    [LoggerMessage(EventId = 11001, Level = LogLevel.Debug, Message = "Dropped a STUN datagram: {Reason}")]
    public static partial void StunDropped(ILogger logger, string reason);

    [LoggerMessage(EventId = 11002, Level = LogLevel.Information, Message = "Pipe handshake from {Remote} failed: {Reason}")]
    public static partial void HandshakeFailed(ILogger logger, EndPoint? remote, string reason);

    [LoggerMessage(EventId = 11003, Level = LogLevel.Information, Message = "Refused a connection from {Remote}: {Reason}")]
    public static partial void ConnectionRefused(ILogger logger, IPAddress remote, string reason);

    [LoggerMessage(EventId = 11004, Level = LogLevel.Warning, Message = "Pipe handler for protocol {Protocol} failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string protocol);

    [LoggerMessage(EventId = 11005, Level = LogLevel.Information, Message = "Rung {Rung} to {Peer} failed after {ElapsedMs} ms: {Reason}")]
    public static partial void RungFailed(ILogger logger, string rung, string peer, long elapsedMs, string reason);

    [LoggerMessage(EventId = 11006, Level = LogLevel.Information, Message = "Refused a signalling request from {Peer}: {Reason}")]
    public static partial void SignalRefused(ILogger logger, string peer, string reason);
}
