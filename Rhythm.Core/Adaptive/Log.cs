using Microsoft.Extensions.Logging;

namespace Rhythm.Adaptive;

internal static partial class Log
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information,
        Message = "load band {OldBand} -> {NewBand}: CPU {Cpu} % (smoothed), memory {Memory} %")]
    public static partial void BandChanged(this ILogger logger, string oldBand, string newBand, string cpu, int memory);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning,
        Message = "load sample failed, keeping the previous load state: {Reason}")]
    public static partial void SampleFailed(this ILogger logger, Exception exception, string reason);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information,
        Message = "load sampling works again")]
    public static partial void SamplingRecovered(this ILogger logger);

    [LoggerMessage(EventId = 203, Level = LogLevel.Error,
        Message = "a {Event} handler of the load monitor failed; sampling goes on")]
    public static partial void ListenerFailed(this ILogger logger, Exception exception, string @event);

    [LoggerMessage(EventId = 210, Level = LogLevel.Information,
        Message = "Group '{Group}' re-timed from {Old} to {New} ({Reason}); next run {Next:u}")]
    public static partial void Retimed(this ILogger logger, string group, string old, string @new, string reason, DateTimeOffset next);

    [LoggerMessage(EventId = 211, Level = LogLevel.Warning, Message = "Re-timing {Target} failed; the previous interval stays")]
    public static partial void RetimeFailed(this ILogger logger, Exception exception, string target);
}
