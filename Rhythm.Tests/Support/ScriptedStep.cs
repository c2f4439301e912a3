using System.Collections.Concurrent;
using Rhythm.Steps;

namespace Rhythm.Tests.Support;

/// <summary>What the scripted step did, seen from the test.</summary>
internal sealed record StepCall(string Group, string Step, DateTimeOffset At, DateTimeOffset ScheduledAt);

/// <summary>Decides the outcome of <c>builtin:scripted</c> per group and records every call.</summary>
internal sealed class StepScript
{
    private readonly ConcurrentDictionary<string, StepStatus> _outcomes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Action> _during = new(StringComparer.Ordinal);

    public ConcurrentQueue<StepCall> Calls { get; } = new();

    public TimeProvider Time { get; set; } = TimeProvider.System;

    public void Fail(string group) => _outcomes[group] = StepStatus.Failed;

    public void Succeed(string group) => _outcomes[group] = StepStatus.Succeeded;

    /// <summary>The group's step reports that it outlived its timeout, as a process step's runner would.</summary>
    public void TimeOut(string group) => _outcomes[group] = StepStatus.TimedOut;

    /// <summary>Runs <paramref name="action"/> inside the group's step, e.g. to let virtual time pass while it runs.</summary>
    public void During(string group, Action action) => _during[group] = action;

    public void RunDuring(string group)
    {
        if (_during.TryRemove(group, out var action))
        {
            action();
        }
    }

    public StepStatus OutcomeOf(string group) => _outcomes.GetValueOrDefault(group, StepStatus.Succeeded);

    public IReadOnlyList<StepCall> CallsOf(string group) => Calls.Where(c => c.Group == group).ToList();
}

/// <summary>A built-in step for engine tests: records the call and fails when the script says so.</summary>
internal sealed class ScriptedStep(StepScript script) : IRhythmStep
{
    public ValueTask<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        script.Calls.Enqueue(new StepCall(context.Group.Name, context.Step.Name, script.Time.GetUtcNow(), context.ScheduledAt));
        script.RunDuring(context.Group.Name);
        return ValueTask.FromResult(script.OutcomeOf(context.Group.Name) switch
        {
            StepStatus.Failed => StepOutcome.Failure("scripted failure"),
            StepStatus.TimedOut => new StepOutcome(StepStatus.TimedOut, "scripted timeout"),
            _ => StepOutcome.Success("scripted success"),
        });
    }
}
