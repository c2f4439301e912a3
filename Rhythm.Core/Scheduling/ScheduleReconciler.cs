using Microsoft.Extensions.Logging;
using Quartz;
using Rhythm.Dependencies;
using Rhythm.Model;

namespace Rhythm.Scheduling;

/// <summary>The counts of one reconcile, for the log and for tests.</summary>
internal sealed record ReconcileResult(int Added, int Changed, int Removed, int Kept);

/// <summary>
/// Turns jobs.json into Quartz jobs and triggers in the store: new groups added, changed ones updated, removed
/// ones deleted, unchanged ones left alone so that they keep their next fire time.
/// </summary>
/// <remarks>
/// Rhythm owns this instead of declaring jobs through <c>AddQuartz</c>, whose default overwrites stored triggers
/// at every start and would reset every group's rhythm on each restart.
/// </remarks>
internal sealed class ScheduleReconciler(GroupStateStore states, TimeProvider time, ILogger<ScheduleReconciler> logger)
{
    public async ValueTask<ReconcileResult> ReconcileAsync(
        IScheduler scheduler, JobsFile file, Func<GroupDefinition, TimeSpan> intervalNow, CancellationToken cancellationToken)
    {
        int added = 0, changed = 0, removed = 0, kept = 0;
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

                removed++;
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
            var scheduleUnchanged = existingTrigger is not null
                && existingTrigger.JobDataMap.TryGetString(RhythmKeys.ScheduleKey, out var schedule)
                && schedule == Fingerprints.Schedule(group);

            if (existingJob is not null && scheduleUnchanged
                && existingJob.JobDataMap.TryGetString(RhythmKeys.DefinitionKey, out var stored) && stored == definition)
            {
                kept++;
                continue;
            }

            await scheduler.AddJob(job, AddJobOptions.Replacing, cancellationToken);
            if (!scheduleUnchanged)
            {
                var interval = intervalNow(group);
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
                added++;
            }
            else
            {
                changed++;
            }
        }

        var result = new ReconcileResult(added, changed, removed, kept);
        logger.Reconciled(file.SourcePath, added, changed, removed, kept);
        return result;
    }

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
