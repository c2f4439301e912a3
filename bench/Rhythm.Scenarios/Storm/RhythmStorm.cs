using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Rhythm.Scenarios.Common;

namespace Rhythm.Scenarios.Storm;

/// <summary>The jobs.json settings variant (c) runs with; printed with the results so that they can be re-run.</summary>
internal sealed record RhythmStormSettings(int MaxConcurrency, double CpuPressure, double BusyAboveCpu, string SampleEvery, string Window)
{
    public static readonly RhythmStormSettings Default = new(4, 60, 70, "1s", "5s");

    public string Describe() => Stats.Invariant(
        $"maxConcurrency {MaxConcurrency}, cpuPressure {CpuPressure}, adaptive busyAboveCpu {BusyAboveCpu} (idle below 20, x1.5 when busy, hysteresis 5), sampleEvery {SampleEvery}, window {Window}");
}

/// <summary>
/// Variant (c): the real <c>rhythm</c> host on a jobs.json of the 42 tasks, with <c>maxConcurrency</c> 4, the
/// adaptive rhythm and CPU-pressure shedding on. Everything is read back from its store afterwards, as an operator would.
/// </summary>
internal sealed class RhythmStorm(StormPlan plan, Burner burner, string folder, RhythmStormSettings settings)
{
    public async Task<VariantOutcome> RunAsync(TimeSpan window)
    {
        var jobs = Path.Combine(folder, "jobs.json");
        File.WriteAllText(jobs, JobsJson());
        var outcome = new VariantOutcome($"Rhythm, cap {settings.MaxConcurrency}") { SkipsRecorded = true };
        using var host = ChildProgram.Start(Paths.HostDll, folder, "run", "--jobs", jobs);
        var started = await host.WaitForLineAsync("Rhythm started", TimeSpan.FromSeconds(60));
        outcome.Start = started;
        outcome.End = started + window;
        outcome.MeasureCpu(host.ProcessId, burner.ScriptPath);
        await Clock.DelayUntil(outcome.End);
        outcome.MeasureCpu(host.ProcessId, burner.ScriptPath);
        host.Terminate();
        if (!await host.WaitForExitAsync(TimeSpan.FromSeconds(30)))
        {
            outcome.Notes.Add("the host did not stop within 30 s of SIGTERM and was killed");
            host.KillHard();
        }

        outcome.Retimings = host.Output.Split('\n').Count(l => l.Contains("re-timed", StringComparison.OrdinalIgnoreCase));
        Read(Path.Combine(folder, "rhythm.db"), outcome, started);
        return outcome;
    }

    private string JobsJson()
    {
        var groups = new JsonArray();
        foreach (var task in plan.All)
        {
            groups.Add(new JsonObject
            {
                ["name"] = task.Name,
                ["every"] = task.Period.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms",
                ["priority"] = task.Priority.ToString().ToLowerInvariant(),
                ["steps"] = new JsonArray(new JsonObject
                {
                    ["name"] = "burn",
                    ["run"] = Path.GetFileName(burner.ScriptPath),
                    ["args"] = new JsonArray(Burner.Milliseconds),
                    ["timeout"] = "30s",
                }),
            });
        }

        var root = new JsonObject
        {
            ["rhythm"] = new JsonObject
            {
                ["store"] = "rhythm.db",
                ["maxConcurrency"] = settings.MaxConcurrency,
                ["sampleEvery"] = settings.SampleEvery,
                ["cpuPressure"] = settings.CpuPressure,
                ["gracePeriod"] = "2s",
            },
            ["adaptive"] = new JsonObject { ["window"] = settings.Window, ["busyAboveCpu"] = settings.BusyAboveCpu },
            ["groups"] = groups,
        };
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private void Read(string database, VariantOutcome outcome, DateTimeOffset started)
    {
        var tasks = plan.All.ToDictionary(t => t.Name, StringComparer.Ordinal);
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        connection.Open();
        var rows = new List<(StormTask Task, DateTimeOffset Scheduled, DateTimeOffset? Ended, string Outcome, string? Reason, string? Tail)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT r.group_name, r.scheduled_at, r.ended_at, r.outcome, r.reason, s.output_tail
                FROM rhythm_runs r LEFT JOIN rhythm_steps s ON s.run_id = r.id AND s.ordinal = 0
                WHERE r.scheduled_at IS NOT NULL ORDER BY r.id;
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((
                    tasks[reader.GetString(0)],
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                    reader.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                    reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5)));
            }
        }

        // New groups are due the moment the schedule is reconciled, a little before the "started" line.
        if (rows.Count > 0)
        {
            var first = rows.Min(r => r.Scheduled);
            if (first < started)
            {
                outcome.End -= started - first;
                outcome.Start = first;
            }
        }

        foreach (var row in rows.Where(r => r.Scheduled >= outcome.Start && r.Scheduled < outcome.End))
        {
            switch (row.Outcome)
            {
                case "skipped":
                    outcome.Skip(row.Task);
                    if (string.IsNullOrWhiteSpace(row.Reason))
                    {
                        outcome.SkipsWithoutReason++;
                    }

                    break;
                case "waiting":
                    break;
                default:
                    var ended = row.Ended is { } e && e <= outcome.End ? e : (DateTimeOffset?)null;
                    outcome.Runs.Add(new StormRun(row.Task, row.Scheduled, Burner.ParseStart(row.Tail), ended, row.Outcome == "succeeded"));
                    break;
            }
        }

        ReadBacklog(connection, outcome, tasks);
    }

    /// <summary>Triggers whose next fire time had passed when the window closed: runs due but not started.</summary>
    private static void ReadBacklog(SqliteConnection connection, VariantOutcome outcome, Dictionary<string, StormTask> tasks)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT t.TRIGGER_NAME, t.NEXT_FIRE_TIME, s.REPEAT_INTERVAL FROM QRTZ_TRIGGERS t
            JOIN QRTZ_SIMPLE_TRIGGERS s ON s.SCHED_NAME = t.SCHED_NAME AND s.TRIGGER_NAME = t.TRIGGER_NAME AND s.TRIGGER_GROUP = t.TRIGGER_GROUP
            WHERE t.TRIGGER_GROUP = 'rhythm';
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (!tasks.ContainsKey(reader.GetString(0)) || reader.IsDBNull(1))
            {
                continue;
            }

            var next = new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero);
            var interval = TimeSpan.FromMilliseconds(reader.GetInt64(2));
            if (next < outcome.End && interval > TimeSpan.Zero)
            {
                outcome.Backlog[reader.GetString(0)] = (int)Math.Floor((outcome.End - next) / interval) + 1;
            }
        }
    }
}
