using Microsoft.Data.Sqlite;
using Rhythm.Store;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Store;

[TestFixture]
internal sealed class QuartzConnectionsTests : TempFolderFixture
{
    [Test]
    public void CreateConnection_Opened_WaitsForTheWriteLockLikeRhythmsOwn()
    {
        var store = new RhythmStore(Folder.File("rhythm.db"));
        store.Initialize();
        // Unpooled, so that the connection cannot be one Rhythm's own Open already set up.
        var unpooled = new SqliteConnectionStringBuilder(store.ConnectionString) { Pooling = false }.ToString();
        using var connection = (SqliteConnection)new QuartzConnections(unpooled).CreateConnection();
        connection.Open();

        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";

        Assert.That(Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(30_000));
    }
}
