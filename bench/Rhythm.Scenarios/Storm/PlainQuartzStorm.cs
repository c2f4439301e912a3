using Quartz;
using Rhythm.Model;
using Rhythm.Scenarios.Common;

namespace Rhythm.Scenarios.Storm;

/// <summary>
/// Variant (b): plain Quartz with a pool of 4 and trigger priorities, on the same kind of store Rhythm uses
/// (SQLite in WAL mode, batch acquisition of 10). One job per task, no concurrent runs of the same task.
/// </summary>
internal sealed class PlainQuartzStorm(StormPlan plan, Burner burner, string folder)
{
    public const int Cap = 4;

    public async Task<VariantOutcome> RunAsync(DateTimeOffset start, TimeSpan window)
    {
        var outcome = new VariantOutcome($"plain Quartz, cap {Cap}") { Start = start, End = start + window };
        var tasks = plan.All.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var job = new BurnJob(burner, outcome, tasks);
        var scheduler = await PlainQuartz.BuildAsync("storm-quartz", Path.Combine(folder, "quartz.db"), Cap, QuartzTuning.Tuned, new InstanceJobFactory(job));
        foreach (var task in plan.All)
        {
            var detail = JobBuilder.Create<BurnJob>().WithIdentity(task.Name).Build();
            var trigger = TriggerBuilder.Create()
                .WithIdentity(task.Name)
                .ForJob(detail)
                .WithPriority(Priority(task.Priority))
                .StartAt(start)
                .WithSimpleSchedule(s => s.WithInterval(task.Period).RepeatForever())
                .Build();
            await scheduler.ScheduleJob(detail, trigger);
        }

        await scheduler.Start();
        var wait = outcome.End - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

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
