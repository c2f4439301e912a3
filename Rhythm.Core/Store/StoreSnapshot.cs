using Microsoft.Data.Sqlite;

namespace Rhythm.Store;

/// <summary>
/// A private copy of a store for a dry run. The dry run starts from the real schedule (next fire times, pauses,
/// dependency state, history), but the runs it pretends to make must never reach the real store, where they would
/// count as successes for dependants, move the real next fire times and feed the trends and reports.
/// </summary>
internal sealed class StoreSnapshot : IDisposable
{
    private readonly string _folder;

    private StoreSnapshot(string source, string path, string folder)
    {
        Source = source;
        Path = path;
        _folder = folder;
    }

    /// <summary>The store jobs.json names.</summary>
    public string Source { get; }

    /// <summary>The copy the dry run works on.</summary>
    public string Path { get; }

    /// <summary>Copies <paramref name="storePath"/> into a new temporary folder, or starts an empty copy when there is no store yet.</summary>
    public static StoreSnapshot Take(string storePath)
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rhythm-dry-run-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var copy = System.IO.Path.Combine(folder, System.IO.Path.GetFileName(storePath));
        // SQLite's online backup: a consistent copy even while another process writes the store. A store that is
        // not Rhythm's is refused here as it would be by a real run.
        new RhythmStore(storePath).Read(
            source =>
            {
                using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
                target.Open();
                source.BackupDatabase(target);
                return true;
            },
            () => false);

        return new StoreSnapshot(storePath, copy, folder);
    }

    public void Dispose()
    {
        // Pooled connections of the dry run's engine would keep the copy open.
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A copy in the temp folder outliving its dry run harms nothing.
        }
    }
}
