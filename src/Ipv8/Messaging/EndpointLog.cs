using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Ipv8.Messaging;

/// <summary>Source-generated log events of the endpoints and the datagram router.</summary>
internal static partial class EndpointLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Listener {Listener} failed on a datagram from {Source}")]
    public static partial void ListenerFailed(ILogger logger, string listener, UdpAddress source, Exception exception);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "UDP endpoint bound to {Address}")]
    public static partial void Bound(ILogger logger, UdpAddress address);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "Could not bind {Address}: {Error}; trying the next port")]
    public static partial void BindRetry(ILogger logger, UdpAddress address, SocketError error);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Debug, Message = "Sending {Length} bytes to {Destination} failed: {Error}")]
    public static partial void SendFailed(ILogger logger, int length, UdpAddress destination, SocketError error);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Debug, Message = "Receive on {Address} failed: {Error}")]
    public static partial void ReceiveFailed(ILogger logger, UdpAddress address, SocketError error);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Receive loop of {Address} did not stop within {Timeout}")]
    public static partial void ReceiveLoopSlowToStop(ILogger logger, UdpAddress address, TimeSpan timeout);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Information, Message = "UDP endpoint {Address} closed")]
    public static partial void Closed(ILogger logger, UdpAddress address);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Debug, Message = "Could not set the receive buffer size of {Address} to {Size}: {Error}")]
    public static partial void ReceiveBufferNotSet(ILogger logger, UdpAddress address, int size, SocketError error);
}
