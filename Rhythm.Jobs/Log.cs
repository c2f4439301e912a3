using Microsoft.Extensions.Logging;

namespace Rhythm.Jobs;

internal static partial class Log
{
    [LoggerMessage(EventId = 100, Message = "{Line}")]
    public static partial void StepOutput(this ILogger logger, LogLevel level, string line);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning,
        Message = "env {Variable}: ${{{Referenced}}} is not set on this host; using an empty string")]
    public static partial void UnknownEnvironmentReference(this ILogger logger, string variable, string referenced);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "would run: {Command}")]
    public static partial void WouldRun(this ILogger logger, string command);

    [LoggerMessage(EventId = 103, Level = LogLevel.Debug, Message = "started pid {ProcessId}: {Command}")]
    public static partial void Started(this ILogger logger, int processId, string command);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning,
        Message = "the step's main process ended but left {Count} processes running; stopping them")]
    public static partial void StoppingLeftovers(this ILogger logger, int count);

    [LoggerMessage(EventId = 105, Level = LogLevel.Error,
        Message = "could not stop processes {ProcessIds}; they are still running")]
    public static partial void StopIncomplete(this ILogger logger, string processIds);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning,
        Message = "the step's output was still open after its processes ended (something outside its tree holds it); stopped reading")]
    public static partial void OutputStillOpen(this ILogger logger);

    [LoggerMessage(EventId = 114, Level = LogLevel.Warning,
        Message = "step output beyond {Limit} lines is not logged; the last {TailKiB} KiB stay in the run's history")]
    public static partial void OutputLogLimitReached(this ILogger logger, int limit, int tailKiB);

    [LoggerMessage(EventId = 115, Level = LogLevel.Warning,
        Message = "step output lines not logged after the first {Limit}: {Unlogged:N0}")]
    public static partial void OutputLinesNotLogged(this ILogger logger, long unlogged, int limit);

    [LoggerMessage(EventId = 116, Level = LogLevel.Warning,
        Message = "env {Variable} looks like a secret, but its value is shorter than {Minimum} characters, too short to mask without mangling the output; it is not hidden")]
    public static partial void SecretTooShortToMask(this ILogger logger, string variable, int minimum);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "could not {Action} the process ledger")]
    public static partial void LedgerFailed(this ILogger logger, Exception exception, string action);

    [LoggerMessage(EventId = 108, Level = LogLevel.Warning,
        Message = "could not make the host a child subreaper (errno {Errno}); a step's orphaned processes re-parent to init and are found only through their environment")]
    public static partial void SubreaperUnavailable(this ILogger logger, int errno);

    [LoggerMessage(EventId = 109, Level = LogLevel.Warning,
        Message = "setsid (util-linux) was not found; steps stay in the host's process group and are stopped process by process")]
    public static partial void SetsidMissing(this ILogger logger);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning,
        Message = "could not put the step in a Windows Job Object (error {Error}); only its current descendants can be stopped")]
    public static partial void JobObjectUnavailable(this ILogger logger, int error);

    [LoggerMessage(EventId = 112, Level = LogLevel.Debug,
        Message = "stopping {Count} processes: Ctrl+C on the step's console, then the job is terminated after {Grace}")]
    public static partial void InterruptingTree(this ILogger logger, int count, TimeSpan grace);

    [LoggerMessage(EventId = 113, Level = LogLevel.Warning,
        Message = "could not send Ctrl+C to the step's console ({Reason}); terminating its job without a grace period")]
    public static partial void InterruptFailed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 110, Level = LogLevel.Debug,
        Message = "stopping {Count} processes: SIGTERM, then SIGKILL after {Grace}")]
    public static partial void StoppingTree(this ILogger logger, int count, TimeSpan grace);

    [LoggerMessage(EventId = 120, Level = LogLevel.Warning,
        Message = "killed orphan pid {ProcessId} (group '{Group}', step '{Step}') left by a previous run")]
    public static partial void KilledOrphan(this ILogger logger, int processId, string group, string step);

    [LoggerMessage(EventId = 121, Level = LogLevel.Information,
        Message = "orphan sweep: {Records} processes in the ledger, {Killed} orphans killed")]
    public static partial void OrphanSweepDone(this ILogger logger, int records, int killed);

    [LoggerMessage(EventId = 130, Level = LogLevel.Information, Message = "{Report}")]
    public static partial void HealthReport(this ILogger logger, string report);
}
