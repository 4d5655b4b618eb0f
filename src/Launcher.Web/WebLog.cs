using Microsoft.Extensions.Logging;

namespace Launcher.Web;

/// <summary>The API's log messages (never the API key).</summary>
internal static partial class WebLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "REST API and dashboard listening on {Address} (API key configured: {KeyConfigured}; without one, writes are disabled)")]
    public static partial void Listening(ILogger logger, Uri address, bool keyConfigured);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Added {Kind} address {Address} to {Count} overlay(s) through the API")]
    public static partial void IsolationAdded(ILogger logger, string kind, Ipv8.Messaging.UdpAddress address, int count);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Refused {Method} {Path}: {Reason}")]
    public static partial void Refused(ILogger logger, string method, Microsoft.AspNetCore.Http.PathString path, WebApiRejection reason);
}
