using Microsoft.Extensions.Logging;

namespace Ipv8.Keys;

/// <summary>Source-generated log events of the key layer.</summary>
internal static partial class KeysLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Wrote new {KeyKind} key file {Path} (member id {Mid})")]
    internal static partial void KeyFileCreated(ILogger logger, string keyKind, string path, string mid);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Loaded key file {Path} (member id {Mid})")]
    internal static partial void KeyFileLoaded(ILogger logger, string path, string mid);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Key file {Path} appeared while creating it; loading the existing file instead")]
    internal static partial void KeyFileRace(ILogger logger, string path);
}
