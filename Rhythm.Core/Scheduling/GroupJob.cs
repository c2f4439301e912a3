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

        var (outcome, reason) = await RunStepsAsync(group, file, runId, context.ScheduledFireTimeUtc ?? started, cancellationToken);

        var ended = time.GetUtcNow();
        var outcomeText = RunOutcomes.ToText(outcome);
        await history.FinishRunAsync(runId, outcome, reason, ended,
            transaction => states.MarkFinished(name, outcomeText, outcome == RunOutcome.Succeeded, ended, transaction));
        _logger.GroupFinished(name, outcomeText, (ended - started).TotalMilliseconds, reason ?? string.Empty);

        if (outcome != RunOutcome.Succeeded)
        {
            throw new JobExecutionException($"group '{name}' {outcomeText}: {reason}") { RefireImmediately = false };
        }
    }

    private async ValueTask<(RunOutcome Outcome, string? Reason)> RunStepsAsync(
        GroupDefinition group, JobsFile file, long runId, DateTimeOffset scheduledAt, CancellationToken cancellationToken)
    {
        string? continuedFailure = null;
        for (var i = 0; i < group.Steps.Count; i++)
        {
            var step = group.Steps[i];
            if (cancellationToken.IsCancellationRequested)
            {
                return (RunOutcome.Cancelled, $"stopped before step '{step.Name}': the host is stopping");
            }

            var logger = loggers.CreateLogger($"Rhythm.Steps.{group.Name}.{step.Name}");
            var context = new StepContext(group, step, file, runId, scheduledAt, logger, settings.DryRun);
            var stepStarted = time.GetUtcNow();
            var outcome = await dispatcher.RunAsync(context, cancellationToken);
            var stepEnded = time.GetUtcNow();
            await history.RecordStepAsync(runId, i, step.Name, stepStarted, stepEnded, outcome);
            var statusText = RunOutcomes.ToText(outcome.Status);
            _logger.StepFinished(group.Name, step.Name, statusText, (stepEnded - stepStarted).TotalMilliseconds, outcome.Message ?? string.Empty);

            if (outcome.Succeeded)
            {
                continue;
            }

            var reason = $"step '{step.Name}' {RunOutcomes.ToText(outcome.Status)}" + (outcome.Message is null ? string.Empty : ": " + outcome.Message);
            if (outcome.Status == StepStatus.Cancelled)
            {
                return (RunOutcome.Cancelled, reason);
            }

            if (step.ContinueOnError)
            {
                continuedFailure ??= reason + " (continued)";
                continue;
            }

            return (RunOutcomes.FromStep(outcome.Status), reason);
        }

        return (RunOutcome.Succeeded, continuedFailure);
    }

    internal static RunCause CauseOf(ITrigger trigger)
    {
        if (trigger.JobDataMap.ContainsKey(RhythmKeys.ManualKey))
        {
            return RunCause.Manual;
        }

        return RhythmKeys.IsOwnTrigger(trigger) ? RunCause.Schedule : RunCause.Dependency;
    }
}
