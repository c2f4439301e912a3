using Microsoft.Extensions.Logging;
using Rhythm.Tests.Adaptive;

namespace Rhythm.Tests.Support;

/// <summary>Hands every category the same <see cref="ListLogger{T}"/>, so an engine test can read the whole log in order.</summary>
internal sealed class ListLoggerProvider : ILoggerProvider
{
    public ListLogger<ListLoggerProvider> Logger { get; } = new();

    public IReadOnlyList<LogEntry> Entries => Logger.Entries;

    public ILogger CreateLogger(string categoryName) => Logger;

    public void Dispose()
    {
    }
}
