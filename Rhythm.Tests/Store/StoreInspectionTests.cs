using Microsoft.Data.Sqlite;
using Rhythm.Store;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Store;

[TestFixture]
internal sealed class StoreInspectionTests : TempFolderFixture
{
    [Test]
    public void Initialize_ManyForeignTables_NamesTheFirstFiveAndCountsTheRest()
    {
        var path = Folder.File("other.db");
        Execute(path, string.Concat(Enumerable.Range(1, 7).Select(i => $"CREATE TABLE t{i} (x);")));

        var exception = Assert.Throws<StoreUnusableException>(() => new RhythmStore(path).Initialize());

        Assert.Multiple(() =>
        {
            Assert.That(exception!.StorePath, Is.EqualTo(path));
            Assert.That(exception.Message, Does.Contain("it has the tables t1, t2, t3, t4, t5 and 2 more, and none of Rhythm's"));
        });
    }

    [Test]
    public void Initialize_EmptySqliteFile_CreatesRhythmsSchema()
    {
        var path = Folder.File("empty.db");
        Execute(path, "CREATE TABLE t (x); DROP TABLE t;");

        var store = new RhythmStore(path);
        store.Initialize();

        using var connection = store.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'rhythm_runs';";
        Assert.That(command.ExecuteScalar(), Is.EqualTo(1L));
    }

    [Test]
    public void Initialize_RhythmStoreWithOtherTablesBeside_KeepsWorking()
    {
        var path = Folder.File("rhythm.db");
        new RhythmStore(path).Initialize();
        Execute(path, "CREATE TABLE notes (x);");

        Assert.DoesNotThrow(() => new RhythmStore(path).Initialize());
    }

    [Test]
    public void Initialize_TruncatedStore_IsRefusedWithItsPath()
    {
        var path = Folder.File("rhythm.db");
        new RhythmStore(path).Initialize();
        SqliteConnection.ClearAllPools();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..50]);

        var exception = Assert.Throws<StoreUnusableException>(() => new RhythmStore(path).Initialize());

        Assert.That(exception!.Message, Does.StartWith($"{path} is not a usable Rhythm store"));
    }

    [Test]
    public void Initialize_NewerSchemaVersion_SaysUpgradeRhythm()
    {
        var path = Folder.File("rhythm.db");
        new RhythmStore(path).Initialize();
        Execute(path, $"PRAGMA user_version = {StoreMigrations.Latest + 1};");

        var exception = Assert.Throws<StoreUnusableException>(() => new RhythmStore(path).Initialize());

        Assert.That(exception!.Message, Does.Contain("newer than this Rhythm understands").And.Contain("Upgrade Rhythm"));
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
