using Microsoft.Extensions.Logging;

namespace LvsDirector.Ipvs.Tests.Fakes;

/// <summary>A logger that keeps every entry (level, event id, formatted message) for assertions.</summary>
internal sealed class CollectingLogger : ILogger
{
    public List<(LogLevel Level, int EventId, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Add((logLevel, eventId.Id, formatter(state, exception)));
}
