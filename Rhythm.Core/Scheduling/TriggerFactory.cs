using Quartz;
using Rhythm.Model;

namespace Rhythm.Scheduling;

/// <summary>Builds a group's own Quartz trigger from its schedule.</summary>
internal static class TriggerFactory
{
    /// <summary>Quartz trigger priority for each Rhythm priority; only the order matters.</summary>
    public static int QuartzPriority(Priority priority) => priority switch
    {
        Priority.Critical => 10,
        Priority.High => 8,
        Priority.Medium => 5,
        _ => 2,
    };

    /// <param name="group">The group.</param>
    /// <param name="interval">For an <c>every</c> group, the interval to use now (the base, or the adaptive one).</param>
    /// <param name="firstFire">For an <c>every</c> group, when it should next fire.</param>
    /// <param name="time">
    /// The engine's clock, which also gives the zone <c>at</c> and <c>cron</c> times are read in. A trigger keeps
    /// its own clock for misfire handling and for its first cron time, so it must be the engine's, not the system's.
    /// </param>
    public static ITrigger Build(GroupDefinition group, TimeSpan interval, DateTimeOffset firstFire, TimeProvider time)
    {
        var timeZone = time.LocalTimeZone;
        var builder = TriggerBuilder.Create(time)
            .WithIdentity(RhythmKeys.Trigger(group.Name))
            .ForJob(RhythmKeys.Job(group.Name))
            .WithPriority(QuartzPriority(group.Priority))
            .UsingJobData(RhythmKeys.ScheduleKey, Fingerprints.Schedule(group));

        return group.Schedule switch
        {
            // NowWithRemainingCount on an endless trigger means: after downtime run once now, then keep the rhythm from
            // there; never once per missed slot, and never silently skip to the next slot.
            EverySchedule => builder
                .StartAt(firstFire)
                .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithRemainingCount))
                .Build(),
            DailySchedule daily => builder
                .StartAt(firstFire)
                .WithCronSchedule(
                    $"0 {daily.Time.Minute} {daily.Time.Hour} * * ?",
                    c => c.InTimeZone(timeZone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
                .Build(),
            CronSchedule cron => builder
                .StartAt(firstFire)
                .WithCronSchedule(cron.Expression, c => c.InTimeZone(timeZone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
                .Build(),
            _ => throw new NotSupportedException($"Unknown schedule {group.Schedule}."),
        };
    }
}
