using Ipv8.Messaging;
using Microsoft.Extensions.Logging;

namespace SampleChat;

/// <summary>The plugin's source-generated log events.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "chat from {Mid} at {Source}: {Text}")]
    public static partial void Received(ILogger logger, string mid, UdpAddress source, string text);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "static list bootstrap round: {Count} addresses")]
    public static partial void BootstrapRound(ILogger logger, int count);
}
