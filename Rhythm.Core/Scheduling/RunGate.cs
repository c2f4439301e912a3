using Microsoft.Extensions.Logging;
using Quartz;
using Rhythm.Adaptive;
using Rhythm.Dependencies;
using Rhythm.History;
using Rhythm.Pressure;

namespace Rhythm.Scheduling;

/// <summary>
/// The trigger listener every fire passes through before a group runs: it passes over a fire whose next one is due
/// already, sheds the group under memory or CPU pressure, holds a group whose dependencies are not met, and lets a
/// waiting group through when a dependency's success chains to it.
/// </summary>
/// <remarks>
/// Quartz's <c>JobChainingJobListener</c> triggers a dependant after every success of the group it names, whether
/// or not the dependant is waiting; the gate turns those extra fires away so that chaining only releases a wait.
/// </remarks>
internal sealed class RunGate(
    RhythmModel model,
    DependencyGate dependencies,
    GroupStateStore states,
    RunHistory history,
    LoadMonitor load,
    PressurePolicy pressure,
    TimeProvider time,
    ILogger<RunGate> logger) : ITriggerListener
{
    public string Name => "rhythm-run-gate";

    public async ValueTask<bool> VetoJobExecution(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        // Quartz pauses a job's own triggers only: the one-off fires of a dependency chain (and the release of a
        // waiting group at start) would still run a paused group. It stays waiting and is judged again when resumed.
        if (GroupJob.CauseOf(trigger) == RunCause.Dependency
            && await context.Scheduler.GetTriggerState(RhythmKeys.Trigger(trigger.JobKey.Name), cancellationToken) == TriggerState.Paused)
        {
            return true;
        }

        return Decide(trigger, context);
    }

    /// <summary>True to veto the fire.</summary>
    private bool Decide(ITrigger trigger, IJobExecutionContext context)
    {
        var name = trigger.JobKey.Name;
        var group = model.Current.Find(name);
        if (group is null)
        {
            return false;
        }

        var cause = GroupJob.CauseOf(trigger);
        if (cause == RunCause.Dependency && !states.Get(name).IsWaiting)
        {
            return true;
        }

        if (cause == RunCause.Manual && trigger.JobDataMap.ContainsKey(RhythmKeys.ForceKey))
        {
            return false;
        }

        var now = time.GetUtcNow();

        // Quartz treats a fire later than its misfire threshold (a minute) with the trigger's misfire rule, once; a
        // shorter delay (a restart, a full pool) it makes up by firing every slot it missed, back to back. Only the
        // newest of those runs: the rhythm goes on from it, never in a burst of catch-up runs.
        if (cause == RunCause.Schedule && trigger.NextFireTimeUtc is { } next && next <= now && context.ScheduledFireTimeUtc is { } slot)
        {
            var reason = $"skipped: {Model.Durations.Format(now - slot)} late, and a later run is already due";
            history.RecordNotRun(name, context.FireInstanceId, cause, slot, now, RunOutcome.Skipped, reason);
            logger.GroupPassedOver(name, reason);
            return true;
        }

        if (load.Current is { } state && pressure.SkipReason(group.Priority, state) is { } skip)
        {
            // A skipped run is not a success, so dependants keep waiting; the skip itself ends this group's wait.
            states.ClearWaiting(name);
            history.RecordNotRun(name, context.FireInstanceId, cause, context.ScheduledFireTimeUtc, now, RunOutcome.Skipped, skip);
            logger.GroupSkipped(name, skip);
            return true;
        }

        var wait = dependencies.WaitReason(group);
        if (wait is null)
        {
            return false;
        }

        states.MarkWaiting(name, now, wait);
        if (cause != RunCause.Dependency)
        {
            // A chained fire that still finds a dependency missing is part of the same wait, not a new due time.
            history.RecordNotRun(name, context.FireInstanceId, cause, context.ScheduledFireTimeUtc, now, RunOutcome.Waiting, wait);
            logger.GroupWaiting(name, wait);
        }

        return true;
    }
}
