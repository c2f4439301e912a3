using Microsoft.Extensions.Logging;
using Rhythm.History;
using Rhythm.Steps;

namespace Rhythm.Scheduling;

internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Group '{Group}' started ({Cause})")]
    public static partial void GroupStarted(this ILogger logger, string group, RunCause cause);

    /// <remarks>Logged at <see cref="LevelOf(RunOutcome)"/>.</remarks>
    [LoggerMessage(EventId = 101, Message = "Group '{Group}' {Outcome} in {ElapsedMs:0} ms {Reason}")]
    public static partial void GroupFinished(this ILogger logger, LogLevel level, string group, string outcome, double elapsedMs, string reason);

    /// <remarks>Logged at <see cref="LevelOf(StepStatus)"/>.</remarks>
    [LoggerMessage(EventId = 102, Message = "Step '{Group}/{Step}' {Outcome} in {ElapsedMs:0} ms {Message}")]
    public static partial void StepFinished(this ILogger logger, LogLevel level, string group, string step, string outcome, double elapsedMs, string message);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Group '{Group}' is due but {Reason}")]
    public static partial void GroupWaiting(this ILogger logger, string group, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Group '{Group}' {Reason}")]
    public static partial void GroupSkipped(this ILogger logger, string group, string reason);

    /// <summary>A fire passed over because a later one is already due: the rhythm working as meant, not a warning.</summary>
    [LoggerMessage(EventId = 116, Level = LogLevel.Information, Message = "Group '{Group}' {Reason}")]
    public static partial void GroupPassedOver(this ILogger logger, string group, string reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Job for group '{Group}' fired but jobs.json no longer has that group; ignored")]
    public static partial void UnknownGroup(this ILogger logger, string group);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Schedule reconciled from {File}: {Summary}")]
    public static partial void Reconciled(this ILogger logger, string file, string summary);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "{Count} run(s) were interrupted when the previous host stopped; recorded as interrupted")]
    public static partial void RunsInterrupted(this ILogger logger, int count);

    [LoggerMessage(EventId = 112, Level = LogLevel.Information, Message = "Group '{Group}' was waiting and its dependencies are now met; starting it")]
    public static partial void ReleasingWaiting(this ILogger logger, string group);

    [LoggerMessage(EventId = 113, Level = LogLevel.Information, Message = "Rhythm started: {Groups} groups, store {Store}, up to {Concurrency} at once{DryRun}")]
    public static partial void EngineStarted(this ILogger logger, int groups, string store, int concurrency, string dryRun);

    [LoggerMessage(EventId = 114, Level = LogLevel.Information, Message = "Rhythm stopping: running steps get their grace period")]
    public static partial void EngineStopping(this ILogger logger);

    [LoggerMessage(EventId = 115, Level = LogLevel.Warning, Message = "The store cannot be locked against a second host ({Reason}); running without that guard")]
    public static partial void StoreLockUnavailable(this ILogger logger, string reason);

    /// <summary>
    /// Failed, timed-out and interrupted runs are warnings, so that a log filtered at Warning shows every run that did not do its
    /// work; a run cancelled by a stopping host, or succeeding past a <c>continueOnError</c> step, is not a problem.
    /// </summary>
    public static LogLevel LevelOf(RunOutcome outcome)
        => outcome is RunOutcome.Failed or RunOutcome.TimedOut or RunOutcome.Interrupted ? LogLevel.Warning : LogLevel.Information;

    /// <inheritdoc cref="LevelOf(RunOutcome)"/>
    public static LogLevel LevelOf(StepStatus status) => LevelOf(RunOutcomes.FromStep(status));
}
