using Microsoft.Data.Sqlite;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.EndToEnd;

/// <summary>
/// The real <c>rhythm</c> program on a store file that is not Rhythm's: one message naming the file, exit 2 (a restart
/// cannot fix it), no stack trace, and another program's database left as it was.
/// </summary>
[TestFixture]
internal sealed class UnusableStoreTests
{
    private TempFolder _folder = null!;

    private string StorePath => _folder.File("rhythm.db");

    [SetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        File.WriteAllText(_folder.File("jobs.json"), """
            { "groups": [ { "name": "g", "every": "10m", "steps": [ { "name": "s", "run": "builtin:health" } ] } ] }
            """);
    }

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [TestCase("run")]
    [TestCase("status")]
    [TestCase("history")]
    [TestCase("metrics")]
    public async Task Verb_StoreIsNotADatabase_NamesTheStoreAndExitsTwo(string verb)
    {
        File.WriteAllText(StorePath, "garbage\n");

        var (exitCode, output, error) = await RhythmProgram.RunAsync(_folder.Path, verb, "--jobs", "jobs.json");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2), error);
            Assert.That(error, Does.Contain($"rhythm: {StorePath} is not a usable Rhythm store: SQLite cannot read it (file is not a database)"));
            Assert.That(error, Does.Contain("point \"store\" in jobs.json's \"rhythm\" section"));
            AssertNoStackTrace(output + error);
            Assert.That(File.ReadAllText(StorePath), Is.EqualTo("garbage\n"), "the file is left as it was");
            Assert.That((output + error).Split("is not a usable Rhythm store").Length - 1, Is.EqualTo(1), "said once");
            Assert.That(Directory.Exists(_folder.File("logs")), Is.False, "refused before the log opens");
        });
    }

    [TestCase("run")]
    [TestCase("status")]
    [TestCase("history")]
    [TestCase("metrics")]
    public async Task Verb_StoreIsAnotherProgramsDatabase_NamesItsTablesAndLeavesItUntouched(string verb)
    {
        CreateForeignDatabase();

        var (exitCode, output, error) = await RhythmProgram.RunAsync(_folder.Path, verb, "--jobs", "jobs.json");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2), error);
            Assert.That(error, Does.Contain($"rhythm: {StorePath} is another program's SQLite database, not a Rhythm store: it has the table customers, and none of Rhythm's"));
            AssertNoStackTrace(output + error);
            Assert.That(Tables(), Is.EqualTo(new[] { "customers" }), "no Rhythm or Quartz table is added");
            Assert.That(JournalMode(), Is.EqualTo("delete"), "the database is not switched to WAL");
            Assert.That(File.Exists(StorePath + "-wal"), Is.False);
            Assert.That(File.Exists(StorePath + ".lock"), Is.False, "the host never got as far as locking the store");
        });
    }

    [Test]
    public async Task RunDryRun_StoreIsNotADatabase_RefusedLikeARealRun()
    {
        File.WriteAllText(StorePath, "garbage\n");

        var (exitCode, output, error) = await RhythmProgram.RunAsync(_folder.Path, "run", "--dry-run", "--jobs", "jobs.json");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2), error);
            Assert.That(error, Does.Contain($"{StorePath} is not a usable Rhythm store"));
            AssertNoStackTrace(output + error);
        });
    }

    [Test]
    public async Task Status_EmptySqliteFile_ReadsAsANewStoreWithoutCreatingASchema()
    {
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = StorePath, Pooling = false }.ToString()))
        {
            connection.Open();
            Execute(connection, "CREATE TABLE t (x); DROP TABLE t;");
        }

        var (exitCode, _, error) = await RhythmProgram.RunAsync(_folder.Path, "status", "--jobs", "jobs.json");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, error);
            Assert.That(Tables(), Is.Empty, "a read-only verb creates nothing");
        });
    }

    private static void AssertNoStackTrace(string text)
    {
        Assert.That(text, Does.Not.Contain("Unhandled exception"));
        Assert.That(text, Does.Not.Contain("SqliteException"));
        Assert.That(text, Does.Not.Match(@"(?m)^\s+at \S+\("), "no stack trace");
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteConnection OpenStore()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = StorePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private void CreateForeignDatabase()
    {
        using var connection = OpenStore();
        Execute(connection, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL); INSERT INTO customers (name) VALUES ('Ada');");
    }

    private List<string> Tables()
    {
        using var connection = OpenStore();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;";
        using var reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private string JournalMode()
    {
        using var connection = OpenStore();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        return (string)command.ExecuteScalar()!;
    }
}
