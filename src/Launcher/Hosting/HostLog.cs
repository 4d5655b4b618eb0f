using Microsoft.Extensions.Logging;

namespace Launcher.Hosting;

/// <summary>Log events of the hosting layer.</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Launched overlay {Name} ({Type}) on {Address}")]
    public static partial void Launched(ILogger logger, string name, string type, Ipv8.Messaging.UdpAddress address);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Unloading overlay {Name} failed")]
    public static partial void UnloadFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Setting {Setting} is not supported by this runtime and is ignored")]
    public static partial void IgnoredSetting(ILogger logger, string setting);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "The overlays did not finish draining within the host's shutdown timeout; the host stops waiting for them")]
    public static partial void DrainTimedOut(ILogger logger);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "Unloaded overlay {Name}")]
    public static partial void Unloaded(ILogger logger, string name);
}
