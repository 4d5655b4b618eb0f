using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Ipv8.Messaging;

/// <summary>Source-generated log events of <see cref="UdpReceiveLoop"/>.</summary>
internal static partial class UdpReceiveLoopLog
{
    [LoggerMessage(EventId = 1110, Level = LogLevel.Warning, Message = "Could not wake the UDP receive loop")]
    public static partial void WakeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Warning, Message = "Polling the UDP sockets failed: {Error}")]
    public static partial void PollFailed(ILogger logger, SocketError error);
}
