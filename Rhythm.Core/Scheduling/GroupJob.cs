using Microsoft.Extensions.Logging;
using Quartz;
using Rhythm.Dependencies;
using Rhythm.History;
using Rhythm.Model;
using Rhythm.Steps;

namespace Rhythm.Scheduling;

/// <summary>The one Quartz job: runs a group's steps in order and records the run.</summary>
/// <remarks>
/// A failed group throws <see cref="JobExecutionException"/> so that Quartz, and its
/// <c>JobChainingJobListener</c> with <c>OnSuccess</c>, see the failure and do not release dependants.
/// </remarks>
[DisallowConcurrentExecution]
internal sealed class GroupJob(
    RhythmModel model,
    StepDispatcher dispatcher,
    RunHistory history,
    GroupStateStore states,
    EngineSettings settings,
    TimeProvider time,
    ILoggerFactory loggers) : IJob
{
    private readonly ILogger _logger = loggers.CreateLogger("Rhythm.Groups");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var name = context.JobDetail.Key.Name;
        var file = model.Current;
        var group = file.Find(name);
        if (group is null)
        {
            _logger.UnknownGroup(name);
            return;
        }

        var cause = CauseOf(context.Trigger);
        var started = time.GetUtcNow();
        var runId = await history.StartRunAsync(name, context.FireInstanceId, cause, context.ScheduledFireTimeUtc, started,
            transaction => states.MarkStarted(name, started, transaction));
        _logger.GroupStarted(name, cause);

        var (outcome, reason, lastStep) = await RunStepsAsync(group, file, runId, context.ScheduledFireTimeUtc ?? started, cancellationToken);

        var ended = time.GetUtcNow();
        var outcomeText = RunOutcomes.ToText(outcome);
        await history.FinishRunAsync(runId, outcome, reason, ended,
            transaction =>
            {
                if (lastStep is not null)
                {
                    RunHistory.RecordStep(transaction, runId, lastStep.Ordinal, lastStep.Name, lastStep.Started, lastStep.Ended, lastStep.Outcome);
                }

                states.MarkFinished(name, outcomeText, outcome == RunOutcome.Succeeded, ended, transaction);
            });
        var level = Log.LevelOf(outcome);
        _logger.GroupFinished(level, name, outcomeText, (ended - started).TotalMilliseconds, reason ?? string.Empty);

        if (outcome != RunOutcome.Succeeded)
        {
            throw new JobExecutionException($"group '{name}' {outcomeText}: {reason}") { RefireImmediately = false };
        }
    }

    /// <remarks>
    /// A step's row is written when the next step is about to start; the last step's is returned for the run's end
    /// commit, so that a one-step run takes the store's write lock twice, not three times. A host killed between that
    /// step's end and the end commit leaves a run marked interrupted without that step's row, as if killed during it.
    /// </remarks>
    private async ValueTask<(RunOutcome Outcome, string? Reason, StepRow? LastStep)> RunStepsAsync(
        GroupDefinition group, JobsFile file, long runId, DateTimeOffset scheduledAt, CancellationToken cancellationToken)
    {
        string? continuedFailure = null;
        StepRow? unwritten = null;
        for (var i = 0; i < group.Steps.Count; i++)
        {
            var step = group.Steps[i];
            if (cancellationToken.IsCancellationRequested)
            {
                return (RunOutcome.Cancelled, $"stopped before step '{step.Name}': the host is stopping", unwritten);
            }

            if (unwritten is not null)
            {
                await history.RecordStepAsync(runId, unwritten.Ordinal, unwritten.Name, unwritten.Started, unwritten.Ended, unwritten.Outcome);
            }

            var logger = loggers.CreateLogger($"Rhythm.Steps.{group.Name}.{step.Name}");
            var context = new StepContext(group, step, file, runId, scheduledAt, logger, settings.DryRun);
            var stepStarted = time.GetUtcNow();
            var outcome = await dispatcher.RunAsync(context, cancellationToken);
            var stepEnded = time.GetUtcNow();
            unwritten = new StepRow(i, step.Name, stepStarted, stepEnded, outcome);
            var statusText = RunOutcomes.ToText(outcome.Status);
            var level = Log.LevelOf(outcome.Status);
            _logger.StepFinished(level, group.Name, step.Name, statusText, (stepEnded - stepStarted).TotalMilliseconds, outcome.Message ?? string.Empty);

            if (outcome.Succeeded)
            {
                continue;
            }

            var reason = $"step '{step.Name}' {RunOutcomes.ToText(outcome.Status)}" + (outcome.Message is null ? string.Empty : ": " + outcome.Message);
            if (outcome.Status == StepStatus.Cancelled)
            {
                return (RunOutcome.Cancelled, reason, unwritten);
            }

            if (step.ContinueOnError)
            {
                continuedFailure ??= reason + " (continued)";
                continue;
            }

            return (RunOutcomes.FromStep(outcome.Status), reason, unwritten);
        }

        return (RunOutcome.Succeeded, continuedFailure, unwritten);
    }

    internal static RunCause CauseOf(ITrigger trigger)
    {
        if (trigger.JobDataMap.ContainsKey(RhythmKeys.ManualKey))
        {
            return RunCause.Manual;
        }

        return RhythmKeys.IsOwnTrigger(trigger) ? RunCause.Schedule : RunCause.Dependency;
    }

    private sealed record StepRow(int Ordinal, string Name, DateTimeOffset Started, DateTimeOffset Ended, StepOutcome Outcome);
}
