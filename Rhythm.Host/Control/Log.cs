using Microsoft.Extensions.Logging;

namespace Rhythm.Host.Control;

internal static partial class Log
{
    [LoggerMessage(EventId = 450, Level = LogLevel.Information, Message = "Control endpoint on {Url} (loopback only); announced in {Announcement}, token in {TokenFile} (readable by this user only)")]
    public static partial void Listening(this ILogger logger, string url, string announcement, string tokenFile);

    [LoggerMessage(EventId = 451, Level = LogLevel.Warning, Message = "Control request {Method} {Route} from {Remote} refused: {Reason}; nothing was changed")]
    public static partial void Refused(this ILogger logger, string method, string route, string remote, string reason);

    [LoggerMessage(EventId = 452, Level = LogLevel.Information, Message = "Control request from {Remote}: {Message}")]
    public static partial void Done(this ILogger logger, string remote, string message);

    [LoggerMessage(EventId = 453, Level = LogLevel.Error, Message = "The control endpoint could not start; the schedule runs, but trigger, pause and resume cannot reach this host")]
    public static partial void StartFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 454, Level = LogLevel.Warning, Message = "Control request {Method} {Route} from {Remote} failed: {Message}")]
    public static partial void Failed(this ILogger logger, string method, string route, string remote, string message);
}
