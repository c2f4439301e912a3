using Microsoft.Extensions.Logging;

namespace Rhythm.Jobs.Builtins;

internal static partial class BuiltinLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "{Summary}")]
    public static partial void Summary(this ILogger logger, string summary);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "would {Action}")]
    public static partial void Would(this ILogger logger, string action);

    [LoggerMessage(EventId = 210, Level = LogLevel.Information, Message = "http-probe: GET {Url}: {Result}")]
    public static partial void Probed(this ILogger logger, string url, string result);

    [LoggerMessage(EventId = 220, Level = LogLevel.Information, Message = "trends: {Change}")]
    public static partial void TrendChanged(this ILogger logger, string change);

    [LoggerMessage(EventId = 221, Level = LogLevel.Warning,
        Message = "trends: the previous snapshot {Path} could not be read ({Problem}); changes are not compared this time")]
    public static partial void PreviousSnapshotUnreadable(this ILogger logger, string path, string problem);

    [LoggerMessage(EventId = 230, Level = LogLevel.Warning,
        Message = "cleanup: killed pid {ProcessId} ({CommandLine}): it matched the kill pattern and ran for {Age}")]
    public static partial void KilledMatching(this ILogger logger, int processId, string commandLine, string age);

    [LoggerMessage(EventId = 231, Level = LogLevel.Error, Message = "cleanup: pid {ProcessId} matched the kill pattern but is still running")]
    public static partial void MatchingSurvived(this ILogger logger, int processId);

    [LoggerMessage(EventId = 240, Level = LogLevel.Information, Message = "latency: {Figures}")]
    public static partial void GroupLatency(this ILogger logger, string figures);

    [LoggerMessage(EventId = 241, Level = LogLevel.Warning, Message = "latency: {Finding}")]
    public static partial void Slower(this ILogger logger, string finding);
}
