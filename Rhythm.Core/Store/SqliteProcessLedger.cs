using Rhythm.Steps;

namespace Rhythm.Store;

/// <summary>The process ledger in the store, so that processes left by a crashed host are found at the next start.</summary>
internal sealed class SqliteProcessLedger(RhythmStore store) : IProcessLedger
{
    public void Add(ProcessRecord record)
    {
        using var connection = store.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT OR REPLACE INTO rhythm_processes (pid, started_at, group_name, step_name, host_pid)
            VALUES ($pid, $started, $group, $step, $host);
            """;
        command.Parameters.AddWithValue("$pid", record.ProcessId);
        command.Parameters.AddWithValue("$started", record.StartedAt);
        command.Parameters.AddWithValue("$group", record.Group);
        command.Parameters.AddWithValue("$step", record.Step);
        command.Parameters.AddWithValue("$host", record.HostProcessId);
        command.ExecuteNonQuery();
    }

    public void Remove(int processId, long startedAt)
    {
        using var connection = store.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM rhythm_processes WHERE pid = $pid AND started_at = $started;";
        command.Parameters.AddWithValue("$pid", processId);
        command.Parameters.AddWithValue("$started", startedAt);
        command.ExecuteNonQuery();
    }

    public IReadOnlyList<ProcessRecord> List()
    {
        using var connection = store.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT pid, started_at, group_name, step_name, host_pid FROM rhythm_processes ORDER BY pid;";
        using var reader = command.ExecuteReader();
        var records = new List<ProcessRecord>();
        while (reader.Read())
        {
            records.Add(new ProcessRecord(reader.GetInt32(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4)));
        }

        return records;
    }
}
