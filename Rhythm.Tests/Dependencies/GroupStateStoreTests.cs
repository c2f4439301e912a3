using Microsoft.Data.Sqlite;
using Rhythm.Dependencies;
using Rhythm.Store;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Dependencies;

[TestFixture]
internal sealed class GroupStateStoreTests : TempFolderFixture
{
    [Test]
    public void SetInterval_SameIntervalAgain_LeavesTheStoreUntouched()
    {
        var store = new RhythmStore(Folder.File("rhythm.db"));
        store.Initialize();
        var states = new GroupStateStore(store);
        using var observer = store.Open();
        states.SetInterval("health", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), "normal");
        var before = DataVersion(observer);

        states.SetInterval("health", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), "normal");
        var afterSame = DataVersion(observer);
        states.SetInterval("health", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), "busy: CPU 80%");
        var afterChange = DataVersion(observer);

        Assert.That(afterSame, Is.EqualTo(before), "a write that changed nothing");
        Assert.That(afterChange, Is.Not.EqualTo(afterSame), "the changed interval was not written");
        var reloaded = new GroupStateStore(store);
        reloaded.Load();
        Assert.That(reloaded.Get("health").CurrentInterval, Is.EqualTo(TimeSpan.FromMinutes(10)));
    }

    // Changes when another connection commits to the file.
    private static long DataVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA data_version;";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
