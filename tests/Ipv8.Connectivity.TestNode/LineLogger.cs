using Microsoft.Extensions.Logging;

namespace Ipv8.Connectivity.TestNode;

/// <summary>
/// Writes each log event as one standard-output line <c>PREFIX Level EventName: message</c>, so the test that started the
/// node can see what happened (allocations, refreshes, failures). The components log credentials only redacted.
/// </summary>
/// <typeparam name="T">The category.</typeparam>
internal sealed class LineLogger<T>(string prefix) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        Output.Line($"{prefix} {logLevel} {eventId.Name}: {formatter(state, exception)}");
    }
}
