using Rhythm.Scenarios.Common;
using Rhythm.Scenarios.Report;

namespace Rhythm.Scenarios.Overhead;

/// <summary>Overhead and precision: plain Quartz (defaults and tuned) against Rhythm on SQLite, in one run.</summary>
internal static class OverheadScenario
{
    public static async Task<ScenarioResult> RunAsync(bool quick)
    {
        var runs = quick ? 1_000 : 5_000;
        var length = quick ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(30);
        var folder = Paths.NewScratch("overhead");
        var result = new ScenarioResult { Name = "overhead", RanAt = DateTimeOffset.UtcNow, Quick = quick, Machine = Machine.Describe() };
        var background = new List<string>();
        try
        {
            async Task<T> Measure<T>(string what, Func<Task<T>> run)
            {
                var cpu = await Quiet.WaitAsync();
                background.Add(Stats.Invariant($"{what} {cpu:0} %"));
                Console.Error.WriteLine($"overhead: {what} (background CPU {cpu:0} %, load {Proc.LoadAverage()})");
                return await run();
            }

            var quartzDefaults = await Measure("Quartz defaults throughput", () => OverheadRuns.QuartzThroughputAsync(folder, QuartzTuning.Defaults, runs));
            var quartzTuned = await Measure("Quartz tuned throughput", () => OverheadRuns.QuartzThroughputAsync(folder, QuartzTuning.Tuned, runs));
            var priorityFirst = await Measure("Quartz tuned + Rhythm's priority dialect throughput", () => OverheadRuns.QuartzThroughputAsync(folder, QuartzTuning.TunedPriorityFirst, runs));
            var rhythm = await Measure("Rhythm throughput", () => OverheadRuns.RhythmThroughputAsync(folder, runs));
            var quartzDefaultsPrecision = await Measure("Quartz defaults precision", () => OverheadRuns.QuartzPrecisionAsync(folder, QuartzTuning.Defaults, length));
            var quartzTunedPrecision = await Measure("Quartz tuned precision", () => OverheadRuns.QuartzPrecisionAsync(folder, QuartzTuning.Tuned, length));
            var rhythmPrecision = await Measure("Rhythm precision", () => OverheadRuns.RhythmPrecisionAsync(folder, length));

            var throughputRatio = rhythm.RunsPerSecond / quartzTuned.RunsPerSecond;
            result.Rows.Add(new ResultRow("Overhead", Stats.Invariant($"throughput, {runs:N0} immediate no-op runs"),
                $"Quartz defaults {Stats.Number(quartzDefaults.RunsPerSecond, "0")}/s · tuned {Stats.Number(quartzTuned.RunsPerSecond, "0")}/s · tuned + Rhythm's priority-first SQL {Stats.Number(priorityFirst.RunsPerSecond, "0")}/s",
                $"{Stats.Number(rhythm.RunsPerSecond, "0")}/s ({Stats.Ratio(throughputRatio)} tuned, {Stats.Ratio(rhythm.RunsPerSecond / quartzDefaults.RunsPerSecond)} defaults)",
                ">= 0.8x tuned", ResultRow.Verdict(throughputRatio >= 0.8)));
            string Delays(OverheadFigures f) => $"{Stats.Ms(f.DelayP50)} / {Stats.Ms(f.DelayP99)} / {Stats.Ms(f.DelayMax)}";
            var better = rhythmPrecision.DelayP99 < 50 && rhythmPrecision.DelayP99 < quartzTunedPrecision.DelayP99 && rhythmPrecision.DelayP99 < quartzDefaultsPrecision.DelayP99;
            result.Rows.Add(new ResultRow("Overhead", Stats.Invariant($"start delay p50 / p99 / max, {OverheadRuns.Groups} groups every 1 s for {length.TotalSeconds:0} s"),
                $"Quartz defaults {Delays(quartzDefaultsPrecision)} · tuned {Delays(quartzTunedPrecision)}",
                Delays(rhythmPrecision), "p99 < 50 ms and below Quartz", ResultRow.Verdict(better)));
            result.Rows.Add(new ResultRow("Overhead", "Rhythm / Quartz ratios (throughput; p99 delay)",
                $"vs defaults {Stats.Ratio(rhythm.RunsPerSecond / quartzDefaults.RunsPerSecond)}; {Stats.Ratio(rhythmPrecision.DelayP99 / quartzDefaultsPrecision.DelayP99)}",
                $"vs tuned {Stats.Ratio(throughputRatio)}; {Stats.Ratio(rhythmPrecision.DelayP99 / quartzTunedPrecision.DelayP99)}"));
            result.Conditions.Add(Stats.Invariant(
                $"in one process, each on a fresh SQLite file: {OverheadRuns.Groups} jobs (no concurrent runs of one job, as Rhythm's group job), {OverheadRuns.Threads} threads / maxConcurrency {OverheadRuns.Threads}; throughput = {runs:N0} one-off triggers queued while in standby, timed from Start to the last job listener call; delays measured inside the job or step, fires due in the first {OverheadRuns.WarmUp.TotalSeconds:0} s left out ({rhythmPrecision.Samples} Rhythm samples)."));
            result.Conditions.Add("Quartz defaults = rollback journal, automatic batch size; tuned = WAL + MaxBatchSize 10; tuned + priority-first SQL = tuned with Rhythm's PriorityFirstSqliteDelegate, to show what that ordering costs on its own. Rhythm = its engine as AddRhythm() builds it (its own Quartz settings), run gate, adaptive listener (intervals pinned by minEvery/maxEvery), history and state writes; the host's console and file logging is not included.");
            result.Conditions.Add("background CPU before each: " + string.Join(", ", background));
        }
        finally
        {
            Paths.TryDelete(folder);
        }

        return result;
    }
}
