using Quartz;
using Quartz.Listeners;
using Rhythm.Model;
using Rhythm.Scheduling;

namespace Rhythm.Dependencies;

/// <summary>
/// Registers Quartz's <see cref="JobChainingJobListener"/> with one <c>OnSuccess</c> link per dependency, so that a
/// dependency's success starts a waiting dependant at once.
/// </summary>
/// <remarks>The links live only in memory, so they are built again from jobs.json at every start and reload.</remarks>
internal static class DependencyChains
{
    public const string ListenerName = "rhythm-dependencies";

    public static void Apply(IScheduler scheduler, JobsFile file)
    {
        var listener = new JobChainingJobListener(ListenerName);
        foreach (var group in file.Groups.Where(g => g.Enabled))
        {
            foreach (var dependency in group.After)
            {
                listener.AddJobChainLink(RhythmKeys.Job(dependency), RhythmKeys.Job(group.Name), ContinuationCondition.OnSuccess);
            }
        }

        scheduler.ListenerManager.RemoveJobListener(ListenerName);
        scheduler.ListenerManager.AddJobListener(listener, [GroupMatcher<JobKey>.GroupEquals(RhythmKeys.QuartzGroup)]);
    }
}
