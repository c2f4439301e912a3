using System.Diagnostics;
using Rhythm.Scenarios.Common;
using Rhythm.Scenarios.Footprint;
using Rhythm.Scenarios.Report;

namespace Rhythm.Scenarios.Simulation;

/// <summary><c>rhythm simulate --hours 24</c> on the 42-group file, timed as a user would time the command.</summary>
internal static class SimulationScenario
{
    private const int Repeats = 3;

    public static async Task<ScenarioResult> RunAsync(bool quick)
    {
        var result = new ScenarioResult { Name = "simulation", RanAt = DateTimeOffset.UtcNow, Quick = quick, Machine = Machine.Describe() };
        var folder = Paths.NewScratch("simulation");
        try
        {
            var jobs = FootprintScenario.WriteJobsFile(folder);
            var (_, usage) = await RunAsync(folder, "help");
            if (!usage.Contains("simulate", StringComparison.Ordinal))
            {
                result.Rows.Add(new ResultRow("Simulation", "rhythm simulate --hours 24, 42 groups", "-", "not available", "< 2 s", "-"));
                result.Notes.Add("this build of rhythm has no 'simulate' verb (its usage text does not list one), so nothing was measured.");
                return result;
            }

            var times = new List<double>();
            var failures = new List<string>();
            for (var i = 0; i < Repeats; i++)
            {
                await Quiet.WaitAsync();
                var clock = Stopwatch.StartNew();
                var (exitCode, output) = await RunAsync(folder, "simulate", "--hours", "24", "--jobs", jobs);
                times.Add(clock.Elapsed.TotalMilliseconds);
                if (exitCode != 0)
                {
                    failures.Add($"exit {exitCode}: {output[..Math.Min(output.Length, 300)]}");
                }
            }

            var median = Stats.Percentile(times, 50);
            result.Rows.Add(new ResultRow("Simulation", "rhythm simulate --hours 24, 42 groups (wall time of the command, median of 3)", "-",
                failures.Count == 0 ? Stats.Ms(median) : "failed", "< 2 s", ResultRow.Verdict(failures.Count == 0 && median < 2000)));
            result.Notes.AddRange(failures);
        }
        finally
        {
            Paths.TryDelete(folder);
        }

        return result;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string folder, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Paths.HostDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await output + await error);
    }
}
