using Microsoft.Data.Sqlite;
using Rhythm.Store;

namespace Rhythm.History;

/// <summary>Read-only queries over history, shared by the engine and the CLI's read-only connection.</summary>
internal static class HistoryQueries
{
    private const string RunColumns = "id, group_name, cause, scheduled_at, started_at, ended_at, outcome, reason";

    public static IReadOnlyList<RunRecord> Recent(SqliteConnection connection, string? group, int limit, DateTimeOffset? since, bool withSteps)
    {
        var runs = new List<RunRecord>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT {RunColumns}
                FROM rhythm_runs
                WHERE ($group IS NULL OR group_name = $group) AND ($since IS NULL OR started_at >= $since)
                ORDER BY id DESC LIMIT $limit;
                """;
            command.Parameters.AddWithValue("$group", (object?)group ?? DBNull.Value);
            command.Parameters.AddWithValue("$since", StoreTime.ToStore(since));
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                runs.Add(ReadRun(reader));
            }
        }

        if (!withSteps || runs.Count == 0)
        {
            return runs;
        }

        var steps = StepsFor(connection, runs[^1].Id, runs[0].Id);
        return runs.Select(r => steps.TryGetValue(r.Id, out var list) ? r with { Steps = list } : r).ToList();
    }

    /// <summary>Each group's latest skip, for the groups whose newest history entry is one.</summary>
    public static Dictionary<string, RunRecord> SkippedLast(SqliteConnection connection)
    {
        var skipped = new Dictionary<string, RunRecord>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {RunColumns}
            FROM rhythm_runs
            WHERE id IN (SELECT MAX(id) FROM rhythm_runs GROUP BY group_name) AND outcome = 'skipped';
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var run = ReadRun(reader);
            skipped[run.Group] = run;
        }

        return skipped;
    }

    private static RunRecord ReadRun(SqliteDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        Group = reader.GetString(1),
        Cause = RunHistory.ParseCause(reader.GetString(2)),
        ScheduledAt = StoreTime.FromStore(reader.GetValue(3)),
        StartedAt = StoreTime.FromStore(reader.GetValue(4)),
        EndedAt = StoreTime.FromStore(reader.GetValue(5)),
        Outcome = RunOutcomes.Parse(reader.GetString(6)),
        Reason = reader.IsDBNull(7) ? null : reader.GetString(7),
    };

    private static Dictionary<long, List<StepRecord>> StepsFor(SqliteConnection connection, long fromId, long toId)
    {
        var steps = new Dictionary<long, List<StepRecord>>();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT run_id, step_name, started_at, ended_at, outcome, exit_code, message, output_tail
            FROM rhythm_steps WHERE run_id BETWEEN $from AND $to ORDER BY run_id, ordinal;
            """;
        command.Parameters.AddWithValue("$from", fromId);
        command.Parameters.AddWithValue("$to", toId);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var runId = reader.GetInt64(0);
            if (!steps.TryGetValue(runId, out var list))
            {
                steps[runId] = list = [];
            }

            list.Add(new StepRecord
            {
                Name = reader.GetString(1),
                StartedAt = StoreTime.FromStore(reader.GetValue(2)),
                EndedAt = StoreTime.FromStore(reader.GetValue(3)),
                Outcome = reader.GetString(4),
                ExitCode = reader.IsDBNull(5) ? null : reader.GetInt32(5),
                Message = reader.IsDBNull(6) ? null : reader.GetString(6),
                OutputTail = reader.IsDBNull(7) ? null : reader.GetString(7),
            });
        }

        return steps;
    }
}
