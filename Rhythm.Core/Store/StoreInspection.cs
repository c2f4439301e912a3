using Microsoft.Data.Sqlite;

namespace Rhythm.Store;

/// <summary>Tells a store file's kind before anything reads or writes Rhythm's tables in it.</summary>
internal static class StoreInspection
{
    /// <summary>
    /// True when the file holds Rhythm's tables, false when it holds no tables at all (a new or empty file, where
    /// Rhythm may create its schema); throws <see cref="StoreUnusableException"/> for another program's database.
    /// SQLite errors for a file it cannot read are left to the caller, which maps them with the store's path.
    /// </summary>
    public static bool HasRhythmSchema(SqliteConnection connection, string storePath)
    {
        var tables = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        if (tables.Count == 0)
        {
            return false;
        }

        if (tables.Any(t => t.StartsWith("rhythm_", StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        throw StoreUnusableException.Foreign(storePath, tables);
    }
}
