using Quartz;
using Rhythm.Model;
using Rhythm.Scenarios.Common;

namespace Rhythm.Scenarios.Storm;

/// <summary>
/// Variant (b): plain Quartz with a pool of 4 and trigger priorities, on the same kind of store Rhythm uses
/// (SQLite in WAL mode, batch acquisition of 4, the pool size). One job per task, no concurrent runs of the same task.
/// </summary>
/// <remarks>
/// With <paramref name="reserveCritical"/> the non-critical tasks share one Quartz execution group limited to
/// <see cref="Cap"/> - 1 threads, so that one thread is always free for a critical task: not a baseline from the
/// issue, but the evidence for a change proposed to Rhythm.
/// </remarks>
internal sealed class PlainQuartzStorm(StormPlan plan, Burner burner, string folder, bool reserveCritical = false)
{
    public const int Cap = 4;

    private const string CriticalGroup = "critical";
    private const string OtherGroup = "other";

    public async Task<VariantOutcome> RunAsync(DateTimeOffset start, TimeSpan window)
    {
        var outcome = new VariantOutcome(reserveCritical ? $"Quartz, cap {Cap}, 1 reserved for critical" : $"plain Quartz, cap {Cap}") { Start = start, End = start + window };
        var tasks = plan.All.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var job = new BurnJob(burner, outcome, tasks);
        var scheduler = await PlainQuartz.BuildAsync(reserveCritical ? "storm-quartz-reserved" : "storm-quartz", Path.Combine(folder, reserveCritical ? "quartz-reserved.db" : "quartz.db"),
            Cap, QuartzTuning.Tuned, new InstanceJobFactory(job), reserveCritical ? l => l.ForGroup(OtherGroup, Cap - 1) : null);
        foreach (var task in plan.All)
        {
            var detail = JobBuilder.Create<BurnJob>().WithIdentity(task.Name).Build();
            var trigger = TriggerBuilder.Create()
                .WithIdentity(task.Name)
                .ForJob(detail)
                .WithPriority(Priority(task.Priority))
                .WithExecutionGroup(task.Priority == Model.Priority.Critical ? CriticalGroup : OtherGroup)
                .StartAt(start)
                .WithSimpleSchedule(s => s.WithInterval(task.Period).RepeatForever())
                .Build();
            await scheduler.ScheduleJob(detail, trigger);
        }

        await scheduler.Start();
        await Clock.DelayUntil(outcome.Start);
        outcome.MeasureCpu(Environment.ProcessId, burner.ScriptPath);
        await Clock.DelayUntil(outcome.End);
        outcome.MeasureCpu(Environment.ProcessId, burner.ScriptPath);

        foreach (var task in plan.All)
        {
            var trigger = await scheduler.GetTrigger(new TriggerKey(task.Name));
            if (trigger?.NextFireTimeUtc is { } next && next < outcome.End)
            {
                outcome.Backlog[task.Name] = (int)Math.Floor((outcome.End - next) / task.Period) + 1;
            }
        }

        await scheduler.Shutdown(waitForJobsToComplete: false);
        outcome.Notes.Add("due times Quartz passed over are not recorded anywhere; they are counted as due - started - still waiting");
        return outcome;
    }

    /// <summary>The same mapping Rhythm uses, so only the scheduling differs.</summary>
    private static int Priority(Priority priority) => priority switch
    {
        Model.Priority.Critical => 10,
        Model.Priority.High => 8,
        Model.Priority.Medium => 5,
        _ => 2,
    };

    [DisallowConcurrentExecution]
    private sealed class BurnJob(Burner burner, VariantOutcome outcome, Dictionary<string, StormTask> tasks) : IJob
    {
        public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            var task = tasks[context.JobDetail.Key.Name];
            var due = context.ScheduledFireTimeUtc ?? DateTimeOffset.UtcNow;
            var (childStart, succeeded) = await burner.RunAsync();
            outcome.Runs.Add(new StormRun(task, due, childStart, DateTimeOffset.UtcNow, succeeded));
        }
    }
}
