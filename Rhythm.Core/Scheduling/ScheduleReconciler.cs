using System.Globalization;
using Quartz;
using Rhythm.Dependencies;
using Rhythm.Model;

namespace Rhythm.Scheduling;

/// <summary>What one reconcile did, group by group, for the log and for tests.</summary>
/// <param name="Added">Groups that had no job yet, in file order.</param>
/// <param name="Changed">Groups whose job or trigger was replaced, in file order.</param>
/// <param name="Removed">Groups whose job was deleted (gone from the file, or disabled), by name.</param>
/// <param name="Kept">Groups left exactly as they were, keeping their next fire time.</param>
internal sealed record ReconcileResult(
    IReadOnlyList<string> Added, IReadOnlyList<GroupChange> Changed, IReadOnlyList<string> Removed, IReadOnlyList<string> Kept)
{
    /// <summary>One line for the log: <c>added backup; changed health-check (every 10m -> 5m); removed old-report; 4 kept</c>.</summary>
    public string Summary
    {
        get
        {
            var parts = new List<string>(4);
            if (Added.Count > 0)
            {
                parts.Add("added " + string.Join(", ", Added));
            }

            if (Changed.Count > 0)
            {
                parts.Add("changed " + string.Join(", ", Changed));
            }

            if (Removed.Count > 0)
            {
                parts.Add("removed " + string.Join(", ", Removed));
            }

            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Kept.Count} kept"));
            return string.Join("; ", parts);
        }
    }
}

/// <summary>A group the reconcile replaced, with what changed about when it runs, if anything did.</summary>
/// <param name="Name">The group.</param>
/// <param name="Detail">
/// The schedule or priority change in words (<c>every 10m -> 5m</c>, <c>priority medium -> high</c>), or
/// <see langword="null"/> when only the rest of its definition changed (steps, <c>after</c>, bounds).
/// </param>
internal sealed record GroupChange(string Name, string? Detail)
{
    public override string ToString() => Detail is null ? Name : $"{Name} ({Detail})";
}

/// <summary>
/// Turns jobs.json into Quartz jobs and triggers in the store: new groups added, changed ones updated, removed
/// ones deleted, unchanged ones left alone so that they keep their next fire time.
/// </summary>
/// <remarks>
/// Rhythm owns this instead of declaring jobs through <c>AddQuartz</c>, whose default overwrites stored triggers
/// at every start and would reset every group's rhythm on each restart.
/// </remarks>
internal sealed class ScheduleReconciler(GroupStateStore states, TimeProvider time)
{
    public async ValueTask<ReconcileResult> ReconcileAsync(
        IScheduler scheduler, JobsFile file, Func<GroupDefinition, TimeSpan> intervalNow, CancellationToken cancellationToken)
    {
        List<string> added = [], removed = [], kept = [];
        List<GroupChange> changed = [];
        var wanted = file.Groups.Where(g => g.Enabled).ToDictionary(g => g.Name, StringComparer.Ordinal);

        // One "now" for the whole pass: groups added together start in phase, however long the store takes.
        var now = time.GetUtcNow();

        foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(RhythmKeys.QuartzGroup), cancellationToken))
        {
            if (!wanted.ContainsKey(key.Name))
            {
                await scheduler.DeleteJob(key, cancellationToken);
                if (file.Find(key.Name) is null)
                {
                    states.Remove(key.Name);
                }

                removed.Add(key.Name);
            }
        }

        foreach (var group in wanted.Values)
        {
            var definition = Fingerprints.Definition(group);
            var job = JobBuilder.Create<GroupJob>()
                .WithIdentity(RhythmKeys.Job(group.Name))
                .WithDescription(group.Schedule.Describe())
                .StoreDurably()
                .UsingJobData(RhythmKeys.DefinitionKey, definition)
                .Build();

            var existingJob = await scheduler.GetJobDetail(job.Key, cancellationToken);
            var existingTrigger = await scheduler.GetTrigger(RhythmKeys.Trigger(group.Name), cancellationToken);
            string? storedSchedule = null;
            existingTrigger?.JobDataMap.TryGetString(RhythmKeys.ScheduleKey, out storedSchedule);
            var scheduleUnchanged = storedSchedule is not null && storedSchedule == Fingerprints.Schedule(group);

            if (existingJob is not null && scheduleUnchanged
                && existingJob.JobDataMap.TryGetString(RhythmKeys.DefinitionKey, out var stored) && stored == definition)
            {
                kept.Add(group.Name);
                continue;
            }

            await scheduler.AddJob(job, AddJobOptions.Replacing, cancellationToken);
            string? detail = null;
            if (!scheduleUnchanged)
            {
                var interval = intervalNow(group);
                detail = DescribeChange(storedSchedule, group, interval);
                var trigger = TriggerFactory.Build(group, interval, FirstFire(group, interval, now), time);
                if (existingTrigger is null)
                {
                    await scheduler.ScheduleJob(trigger, new ScheduleJobOptions(), cancellationToken);
                }
                else
                {
                    // A rebuilt trigger starts out unpaused; an operator's pause must outlive a changed schedule.
                    var paused = await scheduler.GetTriggerState(existingTrigger.Key, cancellationToken) == TriggerState.Paused;
                    await scheduler.RescheduleJob(existingTrigger.Key, trigger, cancellationToken);
                    if (paused)
                    {
                        await scheduler.PauseTrigger(trigger.Key, cancellationToken);
                    }
                }
            }

            if (existingJob is null)
            {
                added.Add(group.Name);
            }
            else
            {
                changed.Add(new GroupChange(group.Name, detail));
            }
        }

        removed.Sort(StringComparer.Ordinal);
        return new ReconcileResult(added, changed, removed, kept);
    }

    /// <summary>
    /// What a rebuilt trigger changes, read from the schedule fingerprint the old trigger carries. The adaptive
    /// interval is named too: the new trigger is built at it, so no re-timing line follows to say so.
    /// </summary>
    private static string? DescribeChange(string? stored, GroupDefinition group, TimeSpan interval)
    {
        if (stored is null)
        {
            return null;
        }

        var (oldSchedule, oldPriority) = Fingerprints.ParseSchedule(stored);
        var details = new List<string>(3);
        var newSchedule = group.Schedule.Describe();
        if (oldSchedule != newSchedule)
        {
            const string Every = "every ";
            details.Add(oldSchedule.StartsWith(Every, StringComparison.Ordinal) && group.Schedule is EverySchedule
                ? $"{oldSchedule} -> {newSchedule[Every.Length..]}"
                : $"{oldSchedule} -> {newSchedule}");
            if (group.Schedule is EverySchedule every && interval != every.Interval)
            {
                details.Add(Durations.Format(interval) + " at the current load");
            }
        }

        if (oldPriority is { } was && was != group.Priority)
        {
            details.Add($"priority {Lower(was)} -> {Lower(group.Priority)}");
        }

        return details.Count == 0 ? null : string.Join(", ", details);
    }

    private static string Lower(Priority priority) => priority.ToString().ToLowerInvariant();

    /// <summary>
    /// A new <c>every</c> group runs at once; one whose interval changed keeps its phase from its last start, so a
    /// longer interval does not run it early and a shorter one does not produce a burst.
    /// </summary>
    private DateTimeOffset FirstFire(GroupDefinition group, TimeSpan interval, DateTimeOffset now)
    {
        if (group.Schedule is not EverySchedule)
        {
            return now;
        }

        var last = states.Get(group.Name).LastStartedAt;
        return last is null || last.Value + interval <= now ? now : last.Value + interval;
    }
}
