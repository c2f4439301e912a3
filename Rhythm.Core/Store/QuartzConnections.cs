using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Quartz.Impl.AdoJobStore.Common;

namespace Rhythm.Store;

/// <summary>Quartz's connections to the store, opened with the same waiting and sync settings as Rhythm's own.</summary>
/// <remarks>
/// Quartz serialises its own writes in the process, but Rhythm's history and state writes share the file. A Quartz
/// connection opened without a busy timeout that meets one of them gets SQLITE_BUSY at once, and Microsoft.Data.Sqlite
/// then sleeps 150 ms before trying again: a fire that should wait a millisecond for the lock started 150 ms late.
/// With the timeout SQLite waits for the lock itself, in steps of a few milliseconds.
/// </remarks>
internal sealed class QuartzConnections(string connectionString) : DbProvider("SQLite-Microsoft", connectionString)
{
    public override DbConnection CreateConnection()
    {
        var connection = base.CreateConnection();
        connection.StateChange += OnStateChange;
        return connection;
    }

    private static void OnStateChange(object? sender, StateChangeEventArgs change)
    {
        if (change.CurrentState == ConnectionState.Open && sender is SqliteConnection connection)
        {
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = RhythmStore.WaitAndSyncPragmas;
            pragmas.ExecuteNonQuery();
        }
    }
}
