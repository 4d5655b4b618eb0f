using System.Net;
using Microsoft.Extensions.Logging;

namespace Ipv8.Connectivity.Turn;

/// <summary>Source-generated log events of the TURN client. Credentials appear only through their redacting ToString.</summary>
internal static partial class TurnLog
{
    [LoggerMessage(EventId = 11201, Level = LogLevel.Debug, Message = "Dropped a message from TURN server {Server}: {Reason}")]
    public static partial void Dropped(ILogger logger, IPEndPoint server, string reason);

    [LoggerMessage(EventId = 11202, Level = LogLevel.Information, Message = "TURN allocation on {Server} with {Credentials}: relayed {Relayed}, lifetime {LifetimeSeconds} s")]
    public static partial void Allocated(ILogger logger, IPEndPoint server, TurnCredentials credentials, IPEndPoint relayed, long lifetimeSeconds);

    [LoggerMessage(EventId = 11203, Level = LogLevel.Warning, Message = "TURN client for {Server} failed: {Reason}")]
    public static partial void Failed(ILogger logger, IPEndPoint server, string reason);

    [LoggerMessage(EventId = 11204, Level = LogLevel.Debug, Message = "TURN allocation on {Server} refreshed: lifetime {LifetimeSeconds} s")]
    public static partial void Refreshed(ILogger logger, IPEndPoint server, long lifetimeSeconds);

    [LoggerMessage(EventId = 11205, Level = LogLevel.Information, Message = "TURN request {Method} to {Server} with {Credentials} failed: {Reason}")]
    public static partial void RequestFailed(ILogger logger, string method, IPEndPoint server, TurnCredentials credentials, string reason);

    [LoggerMessage(EventId = 11206, Level = LogLevel.Information, Message = "TURN request {Method} to {Server} with {Credentials} refused: {Code} {Reason}")]
    public static partial void RequestRefused(ILogger logger, string method, IPEndPoint server, TurnCredentials credentials, int code, string reason);

    [LoggerMessage(EventId = 11207, Level = LogLevel.Information, Message = "TURN server {Server} announced a connection from unexpected peer {Peer}; ignored")]
    public static partial void UnexpectedPeer(ILogger logger, IPEndPoint server, IPEndPoint peer);
}
