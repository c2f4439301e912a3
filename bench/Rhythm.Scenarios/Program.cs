using System.Globalization;
using Rhythm.Scenarios.Common;
using Rhythm.Scenarios.Report;
using Rhythm.Scenarios.Storm;

namespace Rhythm.Scenarios;

/// <summary>
/// The whole-process benchmarks behind bench/run.sh. Each verb runs one scenario and saves its result under
/// bench/results; <c>table</c> composes the one markdown table from those results.
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage: Rhythm.Scenarios VERB [--quick]
          storm        the 42-task storm: 42 timers, plain Quartz capped at 4, Rhythm
          overhead     no-op throughput and fire-time precision, plain Quartz against Rhythm on SQLite
          footprint    start-up, idle RSS and idle CPU of the host with 42 groups
          simulation   rhythm simulate --hours 24 on the 42-group file
          micro DIR    turn BenchmarkDotNet's JSON reports in DIR into table rows
          table        print the table composed from bench/results and write bench/results/latest.md
        helpers the scenarios start as child processes:
          quartz-idle DB GROUPS   plain Quartz on SQLite with GROUPS idle jobs, until stdin closes
          bare-idle               a .NET process that does nothing, until stdin closes
        """;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.Write(Usage);
            return 2;
        }

        var quick = args.Contains("--quick");
        if (quick)
        {
            Quiet.Limit = TimeSpan.FromSeconds(15);
        }
        var rest = args.Skip(1).Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !args[i].StartsWith("--", StringComparison.Ordinal) || args[i] == "--quick")).ToList();
        switch (args[0])
        {
            case "storm":
                var variants = Option(args, "--variants")?.Split(',');
                var storm = await StormScenario.RunAsync(quick, StormSettings(args), variants);
                if (variants is null)
                {
                    ResultStore.Save(storm);
                }

                return 0;
            case "overhead":
                ResultStore.Save(await Overhead.OverheadScenario.RunAsync(quick));
                return 0;
            case "footprint":
                ResultStore.Save(await Footprint.FootprintScenario.RunAsync(quick));
                return 0;
            case "simulation":
                ResultStore.Save(await Simulation.SimulationScenario.RunAsync(quick));
                return 0;
            case "quartz-idle" when rest.Count == 2:
                return await Footprint.IdleBaselines.QuartzAsync(rest[0], int.Parse(rest[1], CultureInfo.InvariantCulture));
            case "bare-idle":
                return await Footprint.IdleBaselines.BareAsync();
            case "micro" when rest.Count == 1:
                ResultStore.Save(MicroResults.Read(rest[0], quick));
                return 0;
            case "throughput" when rest.Count == 2:
                // One throughput measure on its own, for looking into a figure: throughput RUNS defaults|tuned|tuned-priority|rhythm
                var folder = Paths.NewScratch("throughput");
                var runs = int.Parse(rest[0], CultureInfo.InvariantCulture);
                var figures = rest[1] == "rhythm"
                    ? await Overhead.OverheadRuns.RhythmThroughputAsync(folder, runs)
                    : await Overhead.OverheadRuns.QuartzThroughputAsync(folder, rest[1] switch
                    {
                        "defaults" => QuartzTuning.Defaults,
                        "tuned" => QuartzTuning.Tuned,
                        _ => QuartzTuning.TunedPriorityFirst,
                    }, runs);
                Console.WriteLine(Stats.Invariant($"{rest[1]}: {figures.RunsPerSecond:0} runs/s"));
                Paths.TryDelete(folder);
                return 0;
            case "table":
                var table = MarkdownTable.Compose(ResultStore.LoadAll());
                Directory.CreateDirectory(Paths.ResultsDirectory);
                await File.WriteAllTextAsync(Path.Combine(Paths.ResultsDirectory, "latest.md"), table);
                Console.Write(table);
                return 0;
            default:
                Console.Error.WriteLine($"unknown verb '{args[0]}' {string.Join(' ', rest)}");
                Console.Error.Write(Usage);
                return 2;
        }
    }

    /// <summary>--cpu-pressure N and --max-concurrency N try other Rhythm settings; such runs are printed, not saved.</summary>
    private static RhythmStormSettings StormSettings(string[] args)
    {
        var settings = RhythmStormSettings.Default;
        if (Option(args, "--cpu-pressure") is { } pressure)
        {
            settings = settings with { CpuPressure = double.Parse(pressure, CultureInfo.InvariantCulture) };
        }

        if (Option(args, "--max-concurrency") is { } concurrency)
        {
            settings = settings with { MaxConcurrency = int.Parse(concurrency, CultureInfo.InvariantCulture) };
        }

        return settings;
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
