using Quartz;

namespace Rhythm.Simulation;

/// <summary>
/// Counts every change the scheduler reports to its listeners that can move a trigger's next fire time or state:
/// a fire, a completion, a misfire, a trigger scheduled, unscheduled, paused or resumed.
/// </summary>
/// <remarks>
/// Quartz tells listeners after its store changed, so a count that has not moved since a look at the triggers
/// means that look still holds, as long as the clock has not reached the earliest fire it found. That lets
/// <see cref="VirtualDriver"/> skip reading every trigger after the many events that change nothing in the
/// schedule, such as a load sample.
/// </remarks>
internal sealed class ScheduleWatch : ITriggerListener, ISchedulerListener
{
    private const string ListenerName = "rhythm-simulation-watch";

    private long _version;

    private ScheduleWatch()
    {
    }

    public string Name => ListenerName;

    /// <summary>Goes up by at least one on every reported change.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>The watch on <paramref name="scheduler"/>, attached on first use; drivers of one scheduler share it.</summary>
    public static ScheduleWatch On(IScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        var listeners = scheduler.ListenerManager;
        if (listeners.GetTriggerListener(ListenerName) is ScheduleWatch existing)
        {
            return existing;
        }

        var watch = new ScheduleWatch();
        listeners.AddTriggerListener(watch, [GroupMatcher<TriggerKey>.AnyGroup()]);
        listeners.AddSchedulerListener(watch);
        return watch;
    }

    ValueTask ITriggerListener.TriggerFired(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken) => Changed();

    ValueTask ITriggerListener.TriggerMisfired(ITrigger trigger, IScheduler scheduler, CancellationToken cancellationToken) => Changed();

    ValueTask ITriggerListener.TriggerSkipped(ITrigger trigger, IScheduler scheduler, CancellationToken cancellationToken) => Changed();

    ValueTask ITriggerListener.TriggerComplete(ITrigger trigger, IJobExecutionContext context, SchedulerInstruction triggerInstructionCode, CancellationToken cancellationToken) => Changed();

    ValueTask ISchedulerListener.JobScheduled(IScheduler scheduler, ITrigger trigger, CancellationToken cancellationToken) => Changed();

    ValueTask ISchedulerListener.JobUnscheduled(IScheduler scheduler, TriggerKey triggerKey, CancellationToken cancellationToken) => Changed();

    ValueTask ISchedulerListener.TriggerFinalized(IScheduler scheduler, ITrigger trigger, CancellationToken cancellationToken) => Changed();

    ValueTask ISchedulerListener.TriggerPaused(IScheduler scheduler, TriggerKey triggerKey, CancellationToken cancellationToken) => Changed();

    ValueTask ISchedulerListener.TriggersPaused(IScheduler scheduler, string? triggerGroup, CancellationToken cancellationToken) => Changed();

    ValueTask ISchedulerListener.TriggerResumed(IScheduler scheduler, TriggerKey triggerKey, CancellationToken cancellationToken) => Changed();

    ValueTask ISchedulerListener.TriggersResumed(IScheduler scheduler, string? triggerGroup, CancellationToken cancellationToken) => Changed();

    ValueTask ISchedulerListener.JobAdded(IScheduler scheduler, IJobDetail jobDetail, CancellationToken cancellationToken) => Changed();

    ValueTask ISchedulerListener.JobDeleted(IScheduler scheduler, JobKey jobKey, CancellationToken cancellationToken) => Changed();

    ValueTask ISchedulerListener.JobPaused(IScheduler scheduler, JobKey jobKey, CancellationToken cancellationToken) => Changed();

    ValueTask ISchedulerListener.JobsPaused(IScheduler scheduler, string? jobGroup, CancellationToken cancellationToken) => Changed();

    ValueTask ISchedulerListener.JobResumed(IScheduler scheduler, JobKey jobKey, CancellationToken cancellationToken) => Changed();

    ValueTask ISchedulerListener.JobsResumed(IScheduler scheduler, string? jobGroup, CancellationToken cancellationToken) => Changed();

    ValueTask ISchedulerListener.TriggerInError(IScheduler scheduler, TriggerKey triggerKey, CancellationToken cancellationToken) => Changed();

    ValueTask ISchedulerListener.TriggersInError(IScheduler scheduler, JobKey jobKey, CancellationToken cancellationToken) => Changed();

    ValueTask ISchedulerListener.SchedulerStarted(IScheduler scheduler, CancellationToken cancellationToken) => Changed();

    ValueTask ISchedulerListener.SchedulingDataCleared(IScheduler scheduler, CancellationToken cancellationToken) => Changed();

    private ValueTask Changed()
    {
        Interlocked.Increment(ref _version);
        return ValueTask.CompletedTask;
    }
}
