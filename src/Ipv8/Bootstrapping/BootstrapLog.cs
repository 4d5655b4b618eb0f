using Ipv8.Messaging;
using Microsoft.Extensions.Logging;

namespace Ipv8.Bootstrapping;

/// <summary>Source-generated log events of the bootstrappers.</summary>
internal static partial class BootstrapLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Tracker name {Host} did not resolve ({Reason}); retrying at the next bootstrap round")]
    public static partial void ResolveFailed(ILogger logger, string host, string reason);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Tracker name {Host} has no IPv4 address; retrying at the next bootstrap round")]
    public static partial void NoIPv4Address(ILogger logger, string host);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Debug, Message = "Tracker name {Host} resolved to {Address}")]
    public static partial void Resolved(ILogger logger, string host, UdpAddress address);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Could not open the broadcast socket on {Address}")]
    public static partial void BroadcastOpenFailed(ILogger logger, Exception exception, UdpAddress address);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Debug, Message = "Broadcast socket open on {Address}, beaconing {Broadcast} ports {First}-{Last}")]
    public static partial void BroadcastOpened(ILogger logger, UdpAddress address, UdpAddress broadcast, int first, int last);
}
