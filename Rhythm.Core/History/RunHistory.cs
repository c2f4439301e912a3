using Microsoft.Data.Sqlite;
using Rhythm.Steps;
using Rhythm.Store;

namespace Rhythm.History;

/// <summary>Writes and reads run history: one row per fire (run, wait or skip) and one per step.</summary>
internal sealed class RunHistory(RhythmStore store, StoreWriter writer)
{
    private static readonly int HostProcessId = Environment.ProcessId;

    /// <summary>Records the start of a run. A fire id already recorded returns the existing row, so a fire is never recorded twice.</summary>
    /// <remarks>
    /// <paramref name="sameCommit"/> makes more writes that belong to the start in the same transaction: a fire then takes the store's write lock once before its first step.
    /// The task completes once the row has committed, together with the writes of other runs waiting at the same time.
    /// </remarks>
    public Task<long> StartRunAsync(string group, string? fireId, RunCause cause, DateTimeOffset? scheduledAt, DateTimeOffset startedAt,
        Action<SqliteTransaction>? sameCommit = null)
        => writer.WriteAsync(transaction =>
        {
            using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO rhythm_runs (group_name, fire_id, cause, scheduled_at, started_at, outcome, host_pid)
                VALUES ($group, $fire, $cause, $scheduled, $started, 'running', $pid)
                ON CONFLICT (fire_id) WHERE fire_id IS NOT NULL DO NOTHING;
                SELECT id FROM rhythm_runs WHERE fire_id = $fire OR (fire_id IS NULL AND id = last_insert_rowid()) ORDER BY id DESC LIMIT 1;
                """;
            command.Parameters.AddWithValue("$group", group);
            command.Parameters.AddWithValue("$fire", (object?)fireId ?? DBNull.Value);
            command.Parameters.AddWithValue("$cause", CauseText(cause));
            command.Parameters.AddWithValue("$scheduled", StoreTime.ToStore(scheduledAt));
            command.Parameters.AddWithValue("$started", StoreTime.ToStore(startedAt));
            command.Parameters.AddWithValue("$pid", HostProcessId);
            var id = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            sameCommit?.Invoke(transaction);
            return id;
        });

    /// <summary>Records a step's outcome; the task completes once it has committed.</summary>
    public Task RecordStepAsync(long runId, int ordinal, string step, DateTimeOffset startedAt, DateTimeOffset endedAt, StepOutcome outcome)
        => writer.WriteAsync(transaction => RecordStep(transaction, runId, ordinal, step, startedAt, endedAt, outcome));

    /// <summary>Records a step's outcome in <paramref name="transaction"/>.</summary>
    public static void RecordStep(SqliteTransaction transaction, long runId, int ordinal, string step, DateTimeOffset startedAt, DateTimeOffset endedAt, StepOutcome outcome)
    {
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT OR REPLACE INTO rhythm_steps (run_id, ordinal, step_name, started_at, ended_at, outcome, exit_code, message, output_tail)
            VALUES ($run, $ordinal, $step, $started, $ended, $outcome, $exit, $message, $tail);
            """;
        command.Parameters.AddWithValue("$run", runId);
        command.Parameters.AddWithValue("$ordinal", ordinal);
        command.Parameters.AddWithValue("$step", step);
        command.Parameters.AddWithValue("$started", StoreTime.ToStore(startedAt));
        command.Parameters.AddWithValue("$ended", StoreTime.ToStore(endedAt));
        command.Parameters.AddWithValue("$outcome", RunOutcomes.ToText(outcome.Status));
        command.Parameters.AddWithValue("$exit", (object?)outcome.ExitCode ?? DBNull.Value);
        command.Parameters.AddWithValue("$message", (object?)outcome.Message ?? DBNull.Value);
        command.Parameters.AddWithValue("$tail", (object?)Tail(outcome.OutputTail) ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    /// <summary>Records the end of a run; the task completes once it has committed.</summary>
    /// <remarks><paramref name="sameCommit"/> makes more writes that belong to the end in the same transaction.</remarks>
    public Task FinishRunAsync(long runId, RunOutcome outcome, string? reason, DateTimeOffset endedAt,
        Action<SqliteTransaction>? sameCommit = null)
        => writer.WriteAsync(transaction =>
        {
            using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE rhythm_runs SET outcome = $outcome, reason = $reason, ended_at = $ended WHERE id = $id;";
            command.Parameters.AddWithValue("$id", runId);
            command.Parameters.AddWithValue("$outcome", RunOutcomes.ToText(outcome));
            command.Parameters.AddWithValue("$reason", (object?)reason ?? DBNull.Value);
            command.Parameters.AddWithValue("$ended", StoreTime.ToStore(endedAt));
            command.ExecuteNonQuery();
            sameCommit?.Invoke(transaction);
        });

    /// <summary>Records a fire that did not become a run: it waited for a dependency or was shed under pressure.</summary>
    public void RecordNotRun(string group, string? fireId, RunCause cause, DateTimeOffset? scheduledAt, DateTimeOffset at, RunOutcome outcome, string reason)
    {
        using var connection = store.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO rhythm_runs (group_name, fire_id, cause, scheduled_at, started_at, ended_at, outcome, reason, host_pid)
            VALUES ($group, $fire, $cause, $scheduled, $at, $at, $outcome, $reason, $pid)
            ON CONFLICT (fire_id) WHERE fire_id IS NOT NULL DO NOTHING;
            """;
        command.Parameters.AddWithValue("$group", group);
        command.Parameters.AddWithValue("$fire", (object?)fireId ?? DBNull.Value);
        command.Parameters.AddWithValue("$cause", CauseText(cause));
        command.Parameters.AddWithValue("$scheduled", StoreTime.ToStore(scheduledAt));
        command.Parameters.AddWithValue("$at", StoreTime.ToStore(at));
        command.Parameters.AddWithValue("$outcome", RunOutcomes.ToText(outcome));
        command.Parameters.AddWithValue("$reason", reason);
        command.Parameters.AddWithValue("$pid", HostProcessId);
        command.ExecuteNonQuery();
    }

    /// <summary>Marks runs left "running" by a host that died as interrupted; returns how many.</summary>
    public int MarkInterrupted(DateTimeOffset now)
    {
        using var connection = store.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE rhythm_runs SET outcome = 'interrupted', ended_at = $now,
                reason = 'the host stopped during the run (pid ' || COALESCE(host_pid, '?') || ')'
            WHERE outcome = 'running';
            """;
        command.Parameters.AddWithValue("$now", StoreTime.ToStore(now));
        return command.ExecuteNonQuery();
    }

    /// <summary>Deletes history older than <paramref name="cutoff"/>; returns how many runs.</summary>
    public int Prune(DateTimeOffset cutoff)
    {
        using var connection = store.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM rhythm_runs WHERE COALESCE(ended_at, started_at) < $cutoff AND outcome <> 'running';";
        command.Parameters.AddWithValue("$cutoff", StoreTime.ToStore(cutoff));
        return command.ExecuteNonQuery();
    }

    /// <summary>Recent history, newest first.</summary>
    public IReadOnlyList<RunRecord> Recent(string? group, int limit, DateTimeOffset? since = null, bool withSteps = true)
    {
        using var connection = store.Open();
        return HistoryQueries.Recent(connection, group, limit, since, withSteps);
    }

    private static string? Tail(string? text)
        => text is null || text.Length <= StepOutcome.MaxTailLength ? text : text[^StepOutcome.MaxTailLength..];

    internal static string CauseText(RunCause cause) => cause switch
    {
        RunCause.Schedule => "schedule",
        RunCause.Dependency => "dependency",
        RunCause.Manual => "manual",
        _ => throw new ArgumentOutOfRangeException(nameof(cause), cause, null),
    };

    internal static RunCause ParseCause(string text) => text switch
    {
        "dependency" => RunCause.Dependency,
        "manual" => RunCause.Manual,
        _ => RunCause.Schedule,
    };
}
