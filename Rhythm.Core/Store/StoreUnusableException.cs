using Microsoft.Data.Sqlite;

namespace Rhythm.Store;

/// <summary>
/// The store file cannot be Rhythm's: SQLite cannot read it (not a database, encrypted or damaged), it is another
/// program's database, or its schema is newer than this Rhythm. Restarting does not help; the file or the
/// <c>store</c> setting must change.
/// </summary>
public sealed class StoreUnusableException : Exception
{
    private const string PointElsewhere = "point \"store\" in jobs.json's \"rhythm\" section at a file of Rhythm's own";

    private StoreUnusableException(string storePath, string message, Exception? inner = null)
        : base(message, inner)
    {
        StorePath = storePath;
    }

    /// <summary>The store's full path.</summary>
    public string StorePath { get; }

    /// <summary>SQLITE_NOTADB (not a database, or encrypted) and SQLITE_CORRUPT (damaged or truncated).</summary>
    internal static bool IsUnreadable(SqliteException exception) => exception.SqliteErrorCode is 26 or 11;

    internal static StoreUnusableException Unreadable(string storePath, SqliteException exception) => new(
        storePath,
        $"{storePath} is not a usable Rhythm store: SQLite cannot read it ({Reason(exception)}); it is not a SQLite database, or it is encrypted, damaged or truncated. "
        + $"Restore it from a backup, move it aside so that Rhythm starts a new, empty store there (its history and schedule state are lost), or {PointElsewhere}.",
        exception);

    internal static StoreUnusableException Foreign(string storePath, IReadOnlyList<string> tables)
    {
        const int Shown = 5;
        var names = string.Join(", ", tables.Take(Shown));
        var more = tables.Count > Shown ? $" and {tables.Count - Shown} more" : string.Empty;
        return new(
            storePath,
            $"{storePath} is another program's SQLite database, not a Rhythm store: it has the {(tables.Count == 1 ? "table" : "tables")} {names}{more}, and none of Rhythm's. "
            + $"Rhythm leaves it untouched: {PointElsewhere} (a new path is created on start).");
    }

    internal static StoreUnusableException Newer(string storePath, int version, int latest) => new(
        storePath,
        $"{storePath} has Rhythm schema version {version}, newer than this Rhythm understands ({latest}): it was written by a newer Rhythm. "
        + $"Upgrade Rhythm, or {PointElsewhere}.");

    private static string Reason(SqliteException exception) => exception.SqliteErrorCode == 26 ? "file is not a database" : "database disk image is malformed";
}
