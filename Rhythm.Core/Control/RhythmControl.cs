using Quartz;
using Rhythm.Model;
using Rhythm.Scheduling;
using Rhythm.Status;

namespace Rhythm.Control;

/// <summary>Operator calls on the engine, taken one at a time with hot reload.</summary>
internal sealed class RhythmControl(RhythmEngine engine, RhythmModel model, ScheduleChanges changes, TimeProvider time) : IRhythmControl
{
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
        => changes.RunAsync(() =>
        {
            RequireRunning();
            return engine.PauseAsync(group, cancellationToken);
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

    public RhythmStatus GetStatus() => StatusReader.Read(model.Current);

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

        await engine.Scheduler.RescheduleJob(key, TriggerFactory.Build(group, trigger.RepeatInterval, now, TimeZoneInfo.Local), cancellationToken);
    }

    private void RequireRunning()
    {
        if (!engine.IsRunning)
        {
            throw new InvalidOperationException("the Rhythm engine is not running: it is starting or stopping");
        }
    }
}
