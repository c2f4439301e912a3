using Microsoft.Data.Sqlite;

namespace Rhythm.Store;

/// <summary>
/// The one SQLite file that holds Quartz's tables and Rhythm's own (history, metrics, group state, processes).
/// </summary>
/// <remarks>
/// WAL lets the CLI read status and history while the host writes; the busy timeout turns short lock
/// contention into a wait instead of a "database is locked" error.
/// </remarks>
internal sealed class RhythmStore
{
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Set on every connection to the file, Rhythm's and Quartz's: wait for the write lock, and let WAL sync at checkpoints.</summary>
    internal static readonly string WaitAndSyncPragmas = $"PRAGMA busy_timeout={(int)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous=NORMAL;";

    public RhythmStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <summary>The connection string Rhythm and Quartz share.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates the folder and file, switches it to WAL and applies Rhythm's migrations.</summary>
    public void Initialize()
    {
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        using var connection = Open();
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteNonQuery();
        }

        StoreMigrations.Apply(connection);
    }

    /// <summary>Opens a connection with Rhythm's per-connection settings.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = WaitAndSyncPragmas + " PRAGMA foreign_keys=ON;";
        pragmas.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Opens a connection that cannot write, for the CLI's readers.</summary>
    public SqliteConnection OpenReadOnly()
    {
        var builder = new SqliteConnectionStringBuilder(ConnectionString) { Mode = SqliteOpenMode.ReadOnly };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = $"PRAGMA busy_timeout={(int)BusyTimeout.TotalMilliseconds};";
        pragmas.ExecuteNonQuery();
        return connection;
    }
}
