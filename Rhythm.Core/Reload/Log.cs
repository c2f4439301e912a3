using Microsoft.Extensions.Logging;

namespace Rhythm.Reload;

internal static partial class Log
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Watching {File} for changes; a save is applied {Debounce:0} ms after the last write")]
    public static partial void Watching(this ILogger logger, string file, double debounce);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "{File} changed and was applied: {Summary}; running steps are untouched")]
    public static partial void Applied(this ILogger logger, string file, string summary);

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "{File} changed but is invalid: {Problem}")]
    public static partial void Problem(this ILogger logger, string file, string problem);

    [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "{File} was rejected ({Count} problem(s)); the host keeps running the last good schedule ({Groups} groups). Fix the file and save it again; 'rhythm validate' shows the same problems")]
    public static partial void Rejected(this ILogger logger, string file, int count, int groups);

    [LoggerMessage(EventId = 404, Level = LogLevel.Warning, Message = "{File} was deleted; the host keeps running the last good schedule ({Groups} groups) until the file is back")]
    public static partial void Deleted(this ILogger logger, string file, int groups);

    [LoggerMessage(EventId = 405, Level = LogLevel.Warning, Message = "{File}: {Setting} changed from {Running} to {OnDisk}, which takes effect only when the host restarts; until then {Running} stays in force")]
    public static partial void NeedsRestart(this ILogger logger, string file, string setting, string running, string onDisk);

    [LoggerMessage(EventId = 406, Level = LogLevel.Error, Message = "{File} is valid but applying it failed; the previous schedule was put back")]
    public static partial void ApplyFailed(this ILogger logger, Exception exception, string file);

    [LoggerMessage(EventId = 407, Level = LogLevel.Error, Message = "Watching {File} failed; changes may be missed until the next one is seen")]
    public static partial void WatchFailed(this ILogger logger, Exception exception, string file);

    [LoggerMessage(EventId = 408, Level = LogLevel.Error, Message = "Reloading {File} failed; the running schedule is unchanged")]
    public static partial void ReloadFailed(this ILogger logger, Exception exception, string file);
}
