using Quartz;
using Rhythm.Adaptive;
using Rhythm.Model;
using Rhythm.Scheduling;
using Rhythm.Status;

namespace Rhythm.Control;

/// <summary>Operator calls on the engine, taken one at a time with hot reload.</summary>
internal sealed class RhythmControl(RhythmEngine engine, RhythmModel model, AdaptiveRetimer retimer, ScheduleChanges changes, TimeProvider time)
    : IRhythmControl
{
    private static readonly TimeSpan RetimerDrainLimit = TimeSpan.FromSeconds(2);

    public Task TriggerAsync(string group, bool force, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        return changes.RunAsync(async () =>
        {
            RequireRunning();
            await engine.TriggerAsync(group, force, cancellationToken);
            return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<string>> PauseAsync(string? group, CancellationToken cancellationToken = default)
        => changes.RunAsync(async () =>
        {
            RequireRunning();
            var paused = await engine.PauseAsync(group, cancellationToken);
            await HoldAgainstRetimingAsync(paused, cancellationToken);
            return paused;
        }, cancellationToken);

    public Task<IReadOnlyList<string>> ResumeAsync(string? group, CancellationToken cancellationToken = default)
        => changes.RunAsync(async () =>
        {
            RequireRunning();
            var file = model.Current;
            var targets = group is null ? file.Groups.Where(g => g.Enabled) : file.Find(group) is { Enabled: true } one ? [one] : [];
            foreach (var target in targets)
            {
                await RestartOverdueAsync(target, cancellationToken);
            }

            return await engine.ResumeAsync(group, cancellationToken);
        }, cancellationToken);

    public RhythmStatus GetStatus() => StatusReader.Read(model.Current) with { HostPid = Environment.ProcessId };

    /// <summary>
    /// An <c>every</c> group paused for less than Quartz's misfire threshold (60 s) would, once resumed, fire for
    /// every slot it missed in a burst; restarting its rhythm from now runs it once, as after any longer pause.
    /// </summary>
    private async Task RestartOverdueAsync(GroupDefinition group, CancellationToken cancellationToken)
    {
        var key = RhythmKeys.Trigger(group.Name);
        var now = time.GetUtcNow();
        if (group.Schedule is not EverySchedule
            || await engine.Scheduler.GetTrigger(key, cancellationToken) is not ISimpleTrigger trigger
            || trigger.NextFireTimeUtc is not { } next || next >= now
            || await engine.Scheduler.GetTriggerState(key, cancellationToken) != TriggerState.Paused)
        {
            return;
        }

        await engine.Scheduler.RescheduleJob(key, TriggerFactory.Build(group, trigger.RepeatInterval, now, time), cancellationToken);
    }

    /// <summary>
    /// The adaptive re-timer replaces a trigger it has just found unpaused; a pause that lands between its look and
    /// its replacement would be lost. Once its queue has drained, any such loss shows, and the pause is laid again.
    /// </summary>
    private async Task HoldAgainstRetimingAsync(IReadOnlyList<string> groups, CancellationToken cancellationToken)
    {
        // Real time on purpose: this waits for work in this process, which a virtual clock would never let finish.
        var deadline = Environment.TickCount64 + (long)RetimerDrainLimit.TotalMilliseconds;
        while (!retimer.IsIdle && Environment.TickCount64 < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
        }

        foreach (var name in groups)
        {
            var key = RhythmKeys.Trigger(name);
            if (await engine.Scheduler.GetTriggerState(key, cancellationToken) is not (TriggerState.Paused or TriggerState.None))
            {
                await engine.Scheduler.PauseTrigger(key, cancellationToken);
            }
        }
    }

    private void RequireRunning()
    {
        if (!engine.IsRunning)
        {
            throw new InvalidOperationException("the Rhythm engine is not running: it is starting or stopping");
        }
    }
}
