using Ipv8.Messaging;
using Microsoft.Extensions.Logging;

namespace Ipv8.Tracker;

/// <summary>Source-generated log events of the tracker.</summary>
internal static partial class TrackerLog
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Tracker serving on {Address} as {Mid}")]
    public static partial void Started(ILogger logger, UdpAddress address, string mid);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Tracker failed to handle a datagram from {Source}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, UdpAddress source);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning, Message = "Tracker timer failed")]
    public static partial void TimerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Debug, Message = "Tracker forgot proven address {Address} (table full)")]
    public static partial void ProvenEvicted(ILogger logger, UdpAddress address);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Information, Message = "Tracker stopped on {Address}")]
    public static partial void Stopped(ILogger logger, UdpAddress address);

    [LoggerMessage(EventId = 7106, Level = LogLevel.Information, Message = "Tracker on {Address}: {Peers} peers, {Communities} communities, {PendingPings} pending pings; counters: {Counters}")]
    public static partial void Status(ILogger logger, UdpAddress address, int peers, int communities, int pendingPings, string counters);
}
