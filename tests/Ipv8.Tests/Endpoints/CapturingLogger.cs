using Microsoft.Extensions.Logging;

namespace Ipv8.Tests.Endpoints;

/// <summary>An <see cref="ILogger"/> that keeps the event ids it was given (thread-safe).</summary>
internal sealed class CapturingLogger : ILogger
{
    private readonly Lock _gate = new();
    private readonly List<EventId> _events = [];

    public IReadOnlyList<EventId> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_gate)
        {
            _events.Add(eventId);
        }
    }
}
