using Microsoft.Data.Sqlite;

namespace Rhythm.Tests.Reliability;

/// <summary>One row of rhythm_runs, as the reliability checks read it straight from the store.</summary>
internal sealed record StoredRun(long Id, string Group, string? FireId, string Cause, long? ScheduledAt, long? StartedAt, long? EndedAt, string Outcome, string? Reason, int? HostPid);

/// <summary>Reads the store the way an operator with sqlite3 would: read-only, while the host runs or after it died.</summary>
internal static class StoreProbe
{
    public static string IntegrityCheck(string database)
    {
        using var connection = Open(database);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join("; ", lines);
    }

    public static List<StoredRun> Runs(string database)
    {
        using var connection = Open(database);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, group_name, fire_id, cause, scheduled_at, started_at, ended_at, outcome, reason, host_pid FROM rhythm_runs ORDER BY id;";
        using var reader = command.ExecuteReader();
        var runs = new List<StoredRun>();
        while (reader.Read())
        {
            runs.Add(new StoredRun(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetInt64(5),
                reader.IsDBNull(6) ? null : reader.GetInt64(6),
                reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetInt32(9)));
        }

        return runs;
    }

    /// <summary>Runs that ended (any outcome but running, waiting and skipped) for one group.</summary>
    public static int Finished(string database, string? group = null)
        => Runs(database).Count(r => (group is null || r.Group == group) && r.Outcome is not ("running" or "waiting" or "skipped"));

    public static bool Exists(string database) => File.Exists(database);

    private static SqliteConnection Open(string database)
    {
        // Pooling off: a pooled handle would keep the file open after the test and hold its folder.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = database,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        return connection;
    }
}
