namespace Rhythm.Scenarios.Storm;

/// <summary>
/// Variant (a): 42 independent timers, one per task, the way 42 separately registered tasks behave. Each starts
/// its task at every due time unless that task's previous instance is still running (the Windows Task Scheduler
/// default, "do not start a new instance"; cron would not even skip).
/// </summary>
internal sealed class NaiveTimers(StormPlan plan, Burner burner)
{
    public async Task<VariantOutcome> RunAsync(DateTimeOffset start, TimeSpan window)
    {
        var outcome = new VariantOutcome("42 timers") { Start = start, End = start + window };
        var inFlight = new List<Task>();
        outcome.MeasureCpu(Environment.ProcessId, burner.ScriptPath);
        var loops = plan.All.Select(task => Task.Run(() => TimerAsync(task, outcome, inFlight))).ToList();
        await Task.WhenAll(loops);
        outcome.MeasureCpu(Environment.ProcessId, burner.ScriptPath);
        outcome.Notes.Add("each timer skips a due time while its previous child still runs; skips are counted by the harness, not recorded by anything");
        return outcome;
    }

    private async Task TimerAsync(StormTask task, VariantOutcome outcome, List<Task> inFlight)
    {
        Task? running = null;
        for (var k = 0; ; k++)
        {
            var due = outcome.Start + (task.Period * k);
            if (due >= outcome.End)
            {
                return;
            }

            var wait = due - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            if (running is { IsCompleted: false })
            {
                outcome.Skip(task);
                continue;
            }

            running = RunAsync(task, due, outcome);
            lock (inFlight)
            {
                inFlight.Add(running);
            }
        }
    }

    private async Task RunAsync(StormTask task, DateTimeOffset due, VariantOutcome outcome)
    {
        var (childStart, succeeded) = await burner.RunAsync();
        outcome.Runs.Add(new StormRun(task, due, childStart, DateTimeOffset.UtcNow, succeeded));
    }
}
