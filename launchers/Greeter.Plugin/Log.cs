using Microsoft.Extensions.Logging;

namespace Greeter;

/// <summary>The plugin's source-generated log events (a test reads the greeted mids from them).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "greeted {Mid} under {Namespace}: {Reply}")]
    public static partial void Greeted(ILogger logger, string mid, string @namespace, string reply);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "greeting from {Mid} under {Namespace}: {Text}")]
    public static partial void GreetingReceived(ILogger logger, string mid, string @namespace, string text);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "namespace {Namespace} done: {Answered} of {Wanted} greetings answered")]
    public static partial void NamespaceDone(ILogger logger, string @namespace, int answered, int wanted);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "greeting tour finished: {Count} namespaces")]
    public static partial void TourFinished(ILogger logger, int count);
}
