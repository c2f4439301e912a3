using Rhythm.Model;
using Rhythm.Scenarios.Common;
using Rhythm.Scenarios.Report;

namespace Rhythm.Scenarios.Storm;

/// <summary>The 42-task storm: the same tasks through 42 timers, plain Quartz capped at 4, and Rhythm, in one invocation.</summary>
internal static class StormScenario
{
    public static async Task<ScenarioResult> RunAsync(bool quick, RhythmStormSettings settings, IReadOnlyList<string>? only = null)
    {
        var window = quick ? TimeSpan.FromSeconds(20) : TimeSpan.FromSeconds(60);
        var plan = new StormPlan();
        var folder = Paths.NewScratch("storm");
        var burner = new Burner(folder);
        var result = new ScenarioResult { Name = "storm", RanAt = DateTimeOffset.UtcNow, Quick = quick, Machine = Machine.Describe() };
        var measured = new List<(VariantOutcome Outcome, IReadOnlyList<LoadReading> Readings, double Background)>();
        try
        {
            using var recorder = new LoadRecorder(burner.ScriptPath);
            foreach (var variant in ((string[])["naive", "quartz", "rhythm", "quartz-reserved"]).Where(v => only is null || only.Contains(v)))
            {
                var background = await CoolDownAsync(burner);
                Console.Error.WriteLine($"storm: {variant} for {window.TotalSeconds:0} s (background CPU {background:0} %, load {Proc.LoadAverage()})");
                var outcome = variant switch
                {
                    "naive" => await new NaiveTimers(plan, burner).RunAsync(DateTimeOffset.UtcNow.AddMilliseconds(200), window),
                    "quartz" => await new PlainQuartzStorm(plan, burner, folder).RunAsync(DateTimeOffset.UtcNow.AddSeconds(1), window),
                    "quartz-reserved" => await new PlainQuartzStorm(plan, burner, folder, reserveCritical: true).RunAsync(DateTimeOffset.UtcNow.AddSeconds(1), window),
                    _ => await new RhythmStorm(plan, burner, folder, settings).RunAsync(window),
                };
                var stopped = DateTimeOffset.UtcNow;
                await Task.Delay(TimeSpan.FromSeconds(1));
                outcome.LeftAlive = Proc.Matching(burner.ScriptPath).Count;
                measured.Add((outcome, recorder.Between(outcome.Start, outcome.End), background));
                Console.Error.WriteLine($"storm: {variant} done, {outcome.Runs.Count} runs, {outcome.LeftAlive} burners alive 1 s after stop ({(DateTimeOffset.UtcNow - stopped).TotalSeconds:0.0} s)");
            }
        }
        finally
        {
            Paths.TryDelete(folder);
        }

        if (only is null)
        {
            Summarise(result, plan, window, settings, measured);
        }
        else
        {
            foreach (var (outcome, readings, _) in measured)
            {
                var m = new StormMetrics(outcome, readings, settings.BusyAboveCpu, window / 2, TimeSpan.FromSeconds(5));
                Console.Error.WriteLine(Stats.Invariant($"{outcome.Name}: peak {m.PeakChildren}, CPU {m.CpuMean:0} % (own {outcome.OwnCpuPercent:0} %), smoothed below busy {m.SmoothedShareBelowBusy:0} %, critical p50/p99 {m.CriticalDelayP50:0}/{m.CriticalDelayP99:0} ms, all p50/p99 {m.AllDelayP50:0}/{m.AllDelayP99:0} ms"));
            }
        }

        return result;
    }

    /// <summary>Lets the previous variant's children finish and the CPU settle; returns the background CPU %.</summary>
    private static async Task<double> CoolDownAsync(Burner burner)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (Proc.Matching(burner.ScriptPath).Count > 0 && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        foreach (var pid in Proc.Matching(burner.ScriptPath))
        {
            Native.Signal(pid, Native.SigKill);
        }

        return await Quiet.WaitAsync();
    }

    private static void Summarise(ScenarioResult result, StormPlan plan, TimeSpan window, RhythmStormSettings settings,
        List<(VariantOutcome Outcome, IReadOnlyList<LoadReading> Readings, double Background)> measured)
    {
        var busy = settings.BusyAboveCpu;
        var settle = window < TimeSpan.FromSeconds(60) ? window / 2 : TimeSpan.FromSeconds(30);
        var smoothing = TimeSpan.FromSeconds(5);
        var metrics = measured.Select(m => new StormMetrics(m.Outcome, m.Readings, busy, settle, smoothing)).ToList();
        var (naive, quartz, rhythm) = (metrics[0], metrics[1], metrics[2]);
        string Base(Func<StormMetrics, string> cell) => $"timers {cell(naive)} · Quartz {cell(quartz)}";
        void Row(string measure, Func<StormMetrics, string> cell, string target = "", bool? met = null)
            => result.Rows.Add(new ResultRow("Storm", measure, Base(cell), cell(rhythm), target, met is null ? string.Empty : ResultRow.Verdict(met.Value)));

        Row("peak / mean concurrent children", m => Stats.Invariant($"{m.PeakChildren} / {m.MeanChildren:0.0}"),
            $"peak <= {settings.MaxConcurrency}", rhythm.PeakChildren <= settings.MaxConcurrency);
        Row("system CPU mean / p95", m => $"{Stats.Percent(m.CpuMean)} / {Stats.Percent(m.CpuP95)}");
        Row("CPU used by the storm itself (children + scheduler), mean", m => Stats.Percent(m.Outcome.OwnCpuPercent));
        Row(Stats.Invariant($"250 ms samples above busy ({busy} %)"), m => Stats.Percent(m.ShareAboveBusy));
        Row(Stats.Invariant($"smoothed CPU (5 s mean) below busy after {settle.TotalSeconds:0} s"), m => Stats.Percent(m.SmoothedShareBelowBusy),
            ">= 80 % of samples", rhythm.SmoothedShareBelowBusy >= 80);
        Row("critical start delay p50 / p99", m => $"{Stats.Ms(m.CriticalDelayP50)} / {Stats.Ms(m.CriticalDelayP99)}",
            "p99 < 1 s", rhythm.CriticalDelayP99 < 1000);
        Row("all start delay p50 / p99", m => $"{Stats.Ms(m.AllDelayP50)} / {Stats.Ms(m.AllDelayP99)}");
        foreach (var priority in (Priority[])[Priority.Critical, Priority.High, Priority.Medium, Priority.Low])
        {
            Row($"{priority.ToString().ToLowerInvariant()}: due / started / skipped / not yet started / completed", m => m.Accounting(plan, window, priority));
        }

        var accounted = rhythm.Outcome.SkipsWithoutReason == 0;
        Row("every skip recorded with its reason", m => m.Outcome.SkipsRecorded
                ? Stats.Invariant($"{m.SkippedTotal - m.Outcome.SkipsWithoutReason}/{m.SkippedTotal}")
                : "no record",
            "all", accounted);
        Row("processes alive 1 s after stop", m => Stats.Invariant($"{m.Outcome.LeftAlive}"), "0", rhythm.Outcome.LeftAlive == 0);

        result.Conditions.Add(Stats.Invariant(
            $"{StormPlan.Tasks} tasks, periods 1-3 s (seed {StormPlan.Seed}), 4 critical / 10 high / 14 medium / 14 low, each a child burning {StormPlan.Burn.TotalMilliseconds:0} ms of CPU; {window.TotalSeconds:0} s per variant, run one after the other."));
        result.Conditions.Add($"Rhythm: {settings.Describe()}; re-timings logged: {rhythm.Outcome.Retimings}.");
        result.Conditions.Add("start delay = the child's own start time minus the time the run was due (for Rhythm, the due time of its trigger, which the adaptive rhythm may have stretched).");
        result.Conditions.Add("due counts the base schedule; for Rhythm, due - started - skipped - not yet started are the runs the stretched intervals took off the schedule (the re-timing is logged and shown by `rhythm status`).");
        result.Conditions.Add("other processes' CPU (system minus the storm's own), a measure of how noisy the machine was: " + string.Join(", ", metrics.Select(m => $"{m.Outcome.Name} {Stats.Percent(m.CpuMean - m.Outcome.OwnCpuPercent)}"))
            + "; background CPU just before each: " + string.Join(", ", measured.Select(m => $"{m.Outcome.Name} {Stats.Percent(m.Background)}")));
        if (metrics.Count > 3)
        {
            var reserved = metrics[3];
            result.Notes.Add(Stats.Invariant(
                $"not a baseline but evidence for a change proposed to Rhythm: plain Quartz, cap 4, with the non-critical tasks in one execution group limited to 3 threads (one always free for critical): critical start delay p50 / p99 {Stats.Ms(reserved.CriticalDelayP50)} / {Stats.Ms(reserved.CriticalDelayP99)}, all {Stats.Ms(reserved.AllDelayP50)} / {Stats.Ms(reserved.AllDelayP99)}, peak {reserved.PeakChildren} children, CPU {Stats.Percent(reserved.CpuMean)}."));
        }

        foreach (var note in measured.SelectMany(m => m.Outcome.Notes.Select(n => $"{m.Outcome.Name}: {n}")))
        {
            result.Notes.Add(note);
        }
    }
}

/// <summary>The storm measures of one variant.</summary>
internal sealed class StormMetrics
{
    public StormMetrics(VariantOutcome outcome, IReadOnlyList<LoadReading> readings, double busy, TimeSpan settle, TimeSpan smoothing)
    {
        Outcome = outcome;
        PeakChildren = readings.Count == 0 ? 0 : readings.Max(r => r.Processes);
        MeanChildren = readings.Count == 0 ? double.NaN : readings.Average(r => r.Processes);
        var cpu = readings.Select(r => r.Cpu).ToList();
        CpuMean = Stats.Mean(cpu);
        CpuP95 = Stats.Percentile(cpu, 95);
        ShareAboveBusy = cpu.Count == 0 ? double.NaN : 100.0 * cpu.Count(c => c > busy) / cpu.Count;
        var smoothed = new List<double>();
        foreach (var reading in readings.Where(r => r.At >= outcome.Start + settle))
        {
            smoothed.Add(readings.Where(r => r.At > reading.At - smoothing && r.At <= reading.At).Average(r => r.Cpu));
        }

        SmoothedShareBelowBusy = smoothed.Count == 0 ? double.NaN : 100.0 * smoothed.Count(c => c <= busy) / smoothed.Count;
        var inWindow = outcome.Runs.Where(r => r.Scheduled >= outcome.Start && r.Scheduled < outcome.End && r.ChildStart is not null).ToList();
        var critical = inWindow.Where(r => r.Task.Priority == Priority.Critical).Select(Delay).ToList();
        var all = inWindow.Select(Delay).ToList();
        CriticalDelayP50 = Stats.Percentile(critical, 50);
        CriticalDelayP99 = Stats.Percentile(critical, 99);
        AllDelayP50 = Stats.Percentile(all, 50);
        AllDelayP99 = Stats.Percentile(all, 99);
        SkippedTotal = outcome.Skipped.Values.Sum();
    }

    public VariantOutcome Outcome { get; }

    public int PeakChildren { get; }

    public double MeanChildren { get; }

    public double CpuMean { get; }

    public double CpuP95 { get; }

    public double ShareAboveBusy { get; }

    public double SmoothedShareBelowBusy { get; }

    public double CriticalDelayP50 { get; }

    public double CriticalDelayP99 { get; }

    public double AllDelayP50 { get; }

    public double AllDelayP99 { get; }

    public int SkippedTotal { get; }

    /// <summary>due / started / skipped / not yet started / completed for one priority, plus what stretching removed.</summary>
    public string Accounting(StormPlan plan, TimeSpan window, Priority priority)
    {
        var tasks = plan.All.Where(t => t.Priority == priority).ToList();
        var names = tasks.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var due = tasks.Sum(t => t.DueIn(window));
        var runs = Outcome.Runs.Where(r => names.Contains(r.Task.Name) && r.Scheduled >= Outcome.Start && r.Scheduled < Outcome.End).ToList();
        var started = runs.Count;
        var completed = runs.Count(r => r.Succeeded && r.Ended is { } e && e <= Outcome.End);
        var skipped = names.Sum(n => Outcome.Skipped.GetValueOrDefault(n));
        var backlog = names.Sum(n => Outcome.Backlog.GetValueOrDefault(n));
        var rest = due - started - skipped - backlog;
        var text = Stats.Invariant($"{due} / {started} / {skipped} / {backlog} / {completed}");
        if (Outcome.SkipsRecorded)
        {
            return rest == 0 ? text : Stats.Invariant($"{text} ({(rest > 0 ? rest : -rest)} {(rest > 0 ? "fewer due after stretching" : "more due after shrinking")})");
        }

        return rest == 0 ? text : Stats.Invariant($"{text} ({rest} unaccounted)");
    }

    private static double Delay(StormRun run) => (run.ChildStart!.Value - run.Scheduled).TotalMilliseconds;
}
