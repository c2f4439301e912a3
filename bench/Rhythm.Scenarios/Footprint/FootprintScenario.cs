using System.Globalization;
using System.Text.Json.Nodes;
using Rhythm.Scenarios.Common;
using Rhythm.Scenarios.Report;

namespace Rhythm.Scenarios.Footprint;

/// <summary>Footprint: the shipped jobs.json plus 37 idle groups (42 in all), run by the real host.</summary>
internal static class FootprintScenario
{
    public const int ExtraGroups = 37;

    /// <summary>Writes the 42-group file (the shipped jobs.json, its scripts, and 37 hourly groups) into <paramref name="folder"/>.</summary>
    public static string WriteJobsFile(string folder)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(Paths.RepoRoot, "jobs.json")), documentOptions: new System.Text.Json.JsonDocumentOptions
        {
            CommentHandling = System.Text.Json.JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        })!.AsObject();
        root.Remove("$schema");
        var groups = root["groups"]!.AsArray();
        for (var i = 1; i <= ExtraGroups; i++)
        {
            groups.Add(new JsonObject
            {
                ["name"] = string.Create(CultureInfo.InvariantCulture, $"idle-{i:00}"),
                ["every"] = "1h",
                ["priority"] = i % 4 == 0 ? "low" : "medium",
                ["steps"] = new JsonArray(new JsonObject { ["name"] = "health", ["run"] = "builtin:health" }),
            });
        }

        CopyFolder(Path.Combine(Paths.RepoRoot, "scripts"), Path.Combine(folder, "scripts"));
        var path = Path.Combine(folder, "jobs.json");
        File.WriteAllText(path, root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    public static async Task<ScenarioResult> RunAsync(bool quick)
    {
        var window = quick ? TimeSpan.FromSeconds(15) : TimeSpan.FromSeconds(60);
        // Tiered compilation and first-use work go on for a while after start-up; idle means after that.
        var settle = quick ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(20);
        var folder = Paths.NewScratch("footprint");
        var result = new ScenarioResult { Name = "footprint", RanAt = DateTimeOffset.UtcNow, Quick = quick, Machine = Machine.Describe() };
        try
        {
            var jobs = WriteJobsFile(folder);
            var background = await Quiet.WaitAsync();
            Console.Error.WriteLine($"footprint: cold start (background CPU {background:0} %, load {Proc.LoadAverage()})");
            double cold;
            using (var first = ChildProgram.Start(Paths.HostDll, folder, "run", "--jobs", jobs))
            {
                cold = (await first.WaitForLineAsync("Rhythm started", TimeSpan.FromSeconds(60)) - first.StartedAt).TotalMilliseconds;

                // Every new group runs once at start-up; the idle measure starts from a store where all have run.
                await Task.Delay(TimeSpan.FromSeconds(10));
                first.Terminate();
                await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
            }

            Console.Error.WriteLine($"footprint: Rhythm idle for {window.TotalSeconds:0} s");
            IdleFigures rhythm;
            using (var host = ChildProgram.Start(Paths.HostDll, folder, "run", "--jobs", jobs))
            {
                var warm = (await host.WaitForLineAsync("Rhythm started", TimeSpan.FromSeconds(60)) - host.StartedAt).TotalMilliseconds;
                rhythm = await IdleProbe.MeasureAsync(host.ProcessId, warm, settle, window);
                host.Terminate();
                await host.WaitForExitAsync(TimeSpan.FromSeconds(30));
            }

            Console.Error.WriteLine($"footprint: plain Quartz idle for {window.TotalSeconds:0} s");
            var quartzDb = Path.Combine(folder, "quartz.db");
            await RunChildAsync(folder, TimeSpan.Zero, TimeSpan.FromSeconds(1), "quartz-idle", quartzDb, "42");
            var quartz = await RunChildAsync(folder, settle, window, "quartz-idle", quartzDb, "42");
            Console.Error.WriteLine("footprint: bare .NET");
            var bare = await RunChildAsync(folder, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), "bare-idle");

            result.Rows.Add(new ResultRow("Footprint", "start-up to first schedule (process start to \"Rhythm started\")",
                $"Quartz {Stats.Ms(quartz.StartupMs)}",
                $"{Stats.Ms(rhythm.StartupMs)} (first start on a new store {Stats.Ms(cold)})",
                "< 500 ms", ResultRow.Verdict(rhythm.StartupMs < 500)));
            result.Rows.Add(new ResultRow("Footprint", "idle RSS (peak)",
                Stats.Invariant($"bare .NET {bare.RssMb:0} MB · Quartz {quartz.RssMb:0} MB ({quartz.PeakRssMb:0})"),
                Stats.Invariant($"{rhythm.RssMb:0.0} MB ({rhythm.PeakRssMb:0})"), "< 55 MB", ResultRow.Verdict(rhythm.RssMb < 55)));
            result.Rows.Add(new ResultRow("Footprint", Stats.Invariant($"idle CPU over {window.TotalSeconds:0} s, % of one core"),
                $"Quartz {Stats.Number(quartz.CpuPercentOfCore, "0.00")} %",
                $"{Stats.Number(rhythm.CpuPercentOfCore, "0.00")} %", "< 0.5 %", ResultRow.Verdict(rhythm.CpuPercentOfCore < 0.5)));
            result.Conditions.Add(Stats.Invariant(
                $"the shipped jobs.json plus {ExtraGroups} groups every 1h (builtin:health), Release build, workstation non-concurrent GC (Directory.Build.props); idle measured on a restart, after every group had run once, from {settle.TotalSeconds:0} s after start-up; background CPU before {background:0} %."));
            result.Conditions.Add("Quartz baseline: plain Quartz on SQLite (WAL), pool of 4, 42 jobs due in an hour, in its own process; start-up is its second start, on an existing store.");
        }
        finally
        {
            Paths.TryDelete(folder);
        }

        return result;
    }

    private static async Task<IdleFigures> RunChildAsync(string folder, TimeSpan settle, TimeSpan window, params string[] args)
    {
        using var child = ChildProgram.Start(Paths.ScenariosDll, folder, args);
        var startup = (await child.WaitForLineAsync("started", TimeSpan.FromSeconds(60)) - child.StartedAt).TotalMilliseconds;
        var figures = await IdleProbe.MeasureAsync(child.ProcessId, startup, settle, window);
        child.Terminate();
        await child.WaitForExitAsync(TimeSpan.FromSeconds(10));
        return figures;
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            var target = Path.Combine(to, Path.GetFileName(file));
            File.Copy(file, target, overwrite: true);
            File.SetUnixFileMode(target, File.GetUnixFileMode(file));
        }
    }
}
