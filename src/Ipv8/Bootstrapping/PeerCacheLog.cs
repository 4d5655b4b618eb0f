using Microsoft.Extensions.Logging;

namespace Ipv8.Bootstrapping;

/// <summary>Source-generated log events of the peer cache.</summary>
internal static partial class PeerCacheLog
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "Peer cache {Path} ignored ({Result}): {Reason}")]
    public static partial void Ignored(ILogger logger, string path, PeerCacheLoadResult result, string reason);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Debug, Message = "Peer cache {Path}: {Count} addresses loaded ({Dropped} invalid entries dropped)")]
    public static partial void Loaded(ILogger logger, string path, int count, int dropped);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Debug, Message = "Peer cache {Path}: {Count} addresses written")]
    public static partial void Written(ILogger logger, string path, int count);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Debug, Message = "Peer cache {Path} not written: no peers or walkable addresses (an existing cache is kept)")]
    public static partial void SkippedEmpty(ILogger logger, string path);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Warning, Message = "Peer cache {Path} could not be written")]
    public static partial void WriteFailed(ILogger logger, Exception exception, string path);
}
