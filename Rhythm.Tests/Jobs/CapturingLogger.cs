using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Rhythm.Tests.Jobs;

/// <summary>A logger that keeps every message, for asserting what a step logged.</summary>
internal sealed class CapturingLogger : ILogger
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Entries => [.. _entries];

    public IEnumerable<string> Messages => _entries.Select(e => e.Message);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue((logLevel, formatter(state, exception)));

    public bool Contains(LogLevel level, string message) => _entries.Any(e => e.Level == level && e.Message == message);
}

/// <summary>A logger that only counts lines: a step printing megabytes must not be kept in the test's memory.</summary>
internal sealed class CountingLogger : ILogger
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Interlocked.Increment(ref _count);
}

/// <summary>A typed view of a <see cref="CapturingLogger"/>, for classes that take an <see cref="ILogger{T}"/>.</summary>
internal sealed class CapturingLogger<T>(CapturingLogger inner) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        inner.Log(logLevel, eventId, state, exception, formatter);
}
