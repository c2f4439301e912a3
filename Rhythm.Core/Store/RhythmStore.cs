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
    /// <exception cref="StoreUnusableException">The file is not a database SQLite can read, or is another program's.</exception>
    public void Initialize()
    {
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        Guard(() =>
        {
            using var connection = Open();

            // Before anything changes the file: another program's database keeps its journal mode and gets no tables.
            StoreInspection.HasRhythmSchema(connection, Path);
            using (var wal = connection.CreateCommand())
            {
                wal.CommandText = "PRAGMA journal_mode=WAL;";
                wal.ExecuteNonQuery();
            }

            StoreMigrations.Apply(connection, Path);
        });
    }

    /// <summary>
    /// Reads the store without writing to it, for the CLI's readers: <paramref name="nothing"/> when there is nothing
    /// to read yet (no file, or one without tables). Never creates a file or a schema.
    /// </summary>
    /// <exception cref="StoreUnusableException">The file is not a database SQLite can read, or is another program's.</exception>
    public T Read<T>(Func<SqliteConnection, T> read, Func<T> nothing)
    {
        if (!File.Exists(Path))
        {
            return nothing();
        }

        return Guard(() =>
        {
            using var connection = OpenReadOnly();
            return StoreInspection.HasRhythmSchema(connection, Path) ? read(connection) : nothing();
        });
    }

    /// <summary>Runs <paramref name="action"/>, turning SQLite's "cannot read this file" into <see cref="StoreUnusableException"/> naming the store.</summary>
    public void Guard(Action action) => Guard(() =>
    {
        action();
        return true;
    });

    private T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (SqliteException exception) when (StoreUnusableException.IsUnreadable(exception))
        {
            throw StoreUnusableException.Unreadable(Path, exception);
        }
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
    private SqliteConnection OpenReadOnly()
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
