using Microsoft.Extensions.Logging;
using Quartz;
using Rhythm.Dependencies;
using Rhythm.History;

namespace Rhythm.Scheduling;

/// <summary>
/// The trigger listener every fire passes through before a group runs: it holds a group whose dependencies
/// are not met and lets a waiting group through when a dependency's success chains to it.
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
    TimeProvider time,
    ILogger<RunGate> logger) : ITriggerListener
{
    public string Name => "rhythm-run-gate";

    public ValueTask<bool> VetoJobExecution(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Decide(trigger, context));

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
        var state = states.Get(name);
        if (cause == RunCause.Dependency && !state.IsWaiting)
        {
            return true;
        }

        if (cause == RunCause.Manual && trigger.JobDataMap.ContainsKey(RhythmKeys.ForceKey))
        {
            return false;
        }

        var wait = dependencies.WaitReason(group);
        if (wait is null)
        {
            return false;
        }

        var now = time.GetUtcNow();
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
