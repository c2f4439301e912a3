using Microsoft.Data.Sqlite;

namespace Rhythm.Store;

/// <summary>Rhythm's own tables, versioned with <c>PRAGMA user_version</c> so that an older file is upgraded in place.</summary>
internal static class StoreMigrations
{
    // Each entry moves the schema from version i to i + 1. Never edit a shipped entry: append a new one.
    private static readonly string[] Steps =
    [
        """
        CREATE TABLE IF NOT EXISTS rhythm_runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            group_name TEXT NOT NULL,
            fire_id TEXT,
            cause TEXT NOT NULL,
            scheduled_at INTEGER,
            started_at INTEGER,
            ended_at INTEGER,
            outcome TEXT NOT NULL,
            reason TEXT,
            host_pid INTEGER
        );
        CREATE INDEX IF NOT EXISTS ix_rhythm_runs_group ON rhythm_runs (group_name, id DESC);
        CREATE INDEX IF NOT EXISTS ix_rhythm_runs_started ON rhythm_runs (started_at);
        CREATE UNIQUE INDEX IF NOT EXISTS ux_rhythm_runs_fire ON rhythm_runs (fire_id) WHERE fire_id IS NOT NULL;
        CREATE TABLE IF NOT EXISTS rhythm_steps (
            run_id INTEGER NOT NULL REFERENCES rhythm_runs (id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            step_name TEXT NOT NULL,
            started_at INTEGER,
            ended_at INTEGER,
            outcome TEXT NOT NULL,
            exit_code INTEGER,
            message TEXT,
            output_tail TEXT,
            PRIMARY KEY (run_id, ordinal)
        );
        CREATE TABLE IF NOT EXISTS rhythm_group_state (
            group_name TEXT PRIMARY KEY,
            last_started_at INTEGER,
            last_succeeded_at INTEGER,
            last_outcome TEXT,
            waiting_since INTEGER,
            waiting_reason TEXT,
            base_interval_ms INTEGER,
            current_interval_ms INTEGER,
            interval_reason TEXT
        );
        CREATE TABLE IF NOT EXISTS rhythm_metrics (
            at INTEGER NOT NULL,
            cpu REAL NOT NULL,
            memory REAL NOT NULL,
            smoothed_cpu REAL NOT NULL,
            smoothed_memory REAL NOT NULL,
            band TEXT NOT NULL,
            factor REAL NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_rhythm_metrics_at ON rhythm_metrics (at);
        CREATE TABLE IF NOT EXISTS rhythm_processes (
            pid INTEGER NOT NULL,
            started_at INTEGER NOT NULL,
            group_name TEXT NOT NULL,
            step_name TEXT NOT NULL,
            host_pid INTEGER NOT NULL,
            PRIMARY KEY (pid, started_at)
        );
        CREATE TABLE IF NOT EXISTS rhythm_meta (
            key TEXT PRIMARY KEY,
            value TEXT
        );
        """,
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int Latest => Steps.Length;

    public static void Apply(SqliteConnection connection, string storePath)
    {
        using var transaction = connection.BeginTransaction();
        var version = Convert.ToInt32(Scalar(connection, transaction, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
        if (version > Steps.Length)
        {
            throw StoreUnusableException.Newer(storePath, version, Steps.Length);
        }

        for (var i = version; i < Steps.Length; i++)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Steps[i];
            command.ExecuteNonQuery();
        }

        if (version != Steps.Length)
        {
            using var set = connection.CreateCommand();
            set.Transaction = transaction;
            set.CommandText = $"PRAGMA user_version = {Steps.Length};";
            set.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
