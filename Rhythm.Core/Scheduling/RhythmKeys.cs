using Quartz;

namespace Rhythm.Scheduling;

/// <summary>How groups map to Quartz keys: the job and its own trigger are named after the group.</summary>
internal static class RhythmKeys
{
    public const string QuartzGroup = "rhythm";

    /// <summary>Set on one-off triggers an operator fires, so the gate can tell them from chained fires.</summary>
    public const string ManualKey = "rhythm.manual";

    /// <summary>Set with <see cref="ManualKey"/> to start the group even though its dependencies are not met.</summary>
    public const string ForceKey = "rhythm.force";

    /// <summary>The schedule fingerprint on a group's own trigger; a change means the trigger must be rebuilt.</summary>
    public const string ScheduleKey = "rhythm.schedule";

    /// <summary>The definition fingerprint on a group's job.</summary>
    public const string DefinitionKey = "rhythm.definition";

    public static JobKey Job(string group) => new(group, QuartzGroup);

    public static TriggerKey Trigger(string group) => new(group, QuartzGroup);

    public static bool IsOwnTrigger(ITrigger trigger) => trigger.Key.Equals(Trigger(trigger.JobKey.Name));
}
