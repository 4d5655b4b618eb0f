using Ipv8.Messaging;
using Microsoft.Extensions.Logging;

namespace Ipv8.Communities;

/// <summary>Source-generated log events of the Communities area.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Request cache entry {Identifier} failed in its timeout callback")]
    public static partial void CacheTimeoutFailed(ILogger logger, Exception exception, string identifier);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Task {Name} failed")]
    public static partial void TaskFailed(ILogger logger, Exception exception, string name);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Dropped a datagram from {Source}: {Reason}")]
    public static partial void Dropped(ILogger logger, UdpAddress source, DropReason reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Handler for message {MessageId} from {Source} failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, byte messageId, UdpAddress source);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "Received deprecated message {MessageId} from {Source}")]
    public static partial void Deprecated(ILogger logger, byte messageId, UdpAddress source);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Bootstrapper {Bootstrapper} failed")]
    public static partial void BootstrapFailed(ILogger logger, Exception exception, string bootstrapper);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Debug, Message = "Bootstrapper {Bootstrapper} did not initialize")]
    public static partial void BootstrapNotInitialized(ILogger logger, string bootstrapper);
}
