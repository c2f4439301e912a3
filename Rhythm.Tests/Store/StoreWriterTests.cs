using Microsoft.Data.Sqlite;
using Rhythm.Store;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Store;

[TestFixture]
internal sealed class StoreWriterTests : TempFolderFixture
{
    private RhythmStore _store = null!;
    private StoreWriter _writer = null!;

    [SetUp]
    public void CreateStore()
    {
        _store = new RhythmStore(Folder.File("rhythm.db"));
        _store.Initialize();
        using var connection = _store.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE written (value INTEGER NOT NULL);";
        command.ExecuteNonQuery();
        _writer = new StoreWriter(_store);
    }

    [Test]
    public async Task WriteAsync_WritesArriveDuringACommit_AllGoIntoTheNextCommit()
    {
        var releaseFirst = HoldWriter(transaction => Insert(transaction, 0));

        var waiting = Enumerable.Range(1, 20).Select(i => _writer.WriteAsync(transaction => Insert(transaction, i))).ToList();
        await releaseFirst();
        await Task.WhenAll(waiting);

        Assert.That(_writer.Commits, Is.EqualTo(2), "one commit for the first write, one for the twenty that waited");
        Assert.That(Values(), Is.EqualTo(Enumerable.Range(0, 21)));
    }

    [Test]
    public async Task WriteAsync_OneWriteOfABatchThrows_OnlyThatWriteFailsAndItsChangesAreUndone()
    {
        var releaseFirst = HoldWriter();

        var before = _writer.WriteAsync(transaction => Insert(transaction, 1));
        var failing = _writer.WriteAsync(transaction =>
        {
            Insert(transaction, 2);
            throw new InvalidOperationException("step record refused");
        });
        var after = _writer.WriteAsync(transaction => Insert(transaction, 3));
        await releaseFirst();

        Assert.That(async () => await failing, Throws.InvalidOperationException.With.Message.EqualTo("step record refused"));
        await before;
        await after;
        Assert.That(_writer.Commits, Is.EqualTo(2));
        Assert.That(Values(), Is.EqualTo(new[] { 1, 3 }));
    }

    [Test]
    public async Task WriteAsync_OneWriteMakesTheBatchCommitFail_TheOthersAreRetriedAloneAndCommit()
    {
        using (var connection = _store.Open())
        using (var command = connection.CreateCommand())
        {
            // A deferred foreign key is checked only at COMMIT, after every savepoint of the batch has been released.
            command.CommandText = "CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);";
            command.ExecuteNonQuery();
        }

        var releaseFirst = HoldWriter();

        var before = _writer.WriteAsync(transaction => Insert(transaction, 1));
        var orphan = _writer.WriteAsync(transaction =>
        {
            using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO child (parent) VALUES (999);";
            command.ExecuteNonQuery();
        });
        var after = _writer.WriteAsync(transaction => Insert(transaction, 3));
        await releaseFirst();

        Assert.That(async () => await orphan, Throws.InstanceOf<SqliteException>().With.Message.Contains("FOREIGN KEY"));
        await before;
        await after;
        Assert.That(Values(), Is.EqualTo(new[] { 1, 3 }));
    }

    [Test]
    public async Task WriteAsync_AnotherConnectionHoldsTheWriteLock_WaitsAndCommits()
    {
        using var other = _store.Open();
        using var held = other.BeginTransaction();
        Insert(held, 7);

        var write = _writer.WriteAsync(transaction => Insert(transaction, 8));
        await Task.Delay(300);
        Assert.That(write.IsCompleted, Is.False, "the write should wait for the lock, not fail with 'database is locked'");
        held.Commit();
        await write;

        Assert.That(Values(), Is.EqualTo(new[] { 7, 8 }));
    }

    [Test]
    public async Task WriteAsync_WriteReturnsAValue_TaskHasItAfterTheCommit()
    {
        var id = await _writer.WriteAsync(transaction =>
        {
            Insert(transaction, 5);
            using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT last_insert_rowid();";
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        });

        Assert.That(id, Is.EqualTo(1));
        Assert.That(Values(), Is.EqualTo(new[] { 5 }));
    }

    /// <summary>
    /// Starts a write that keeps the writer busy until the returned function releases it, so that the writes queued
    /// meanwhile wait together for the next commit.
    /// </summary>
    private Func<Task> HoldWriter(Action<SqliteTransaction>? inside = null)
    {
        var started = new ManualResetEventSlim();
        var release = new ManualResetEventSlim();
        var first = _writer.WriteAsync(transaction =>
        {
            started.Set();
            release.Wait(TimeSpan.FromSeconds(10));
            inside?.Invoke(transaction);
        });
        Assert.That(started.Wait(TimeSpan.FromSeconds(10)), Is.True, "the first write never started");
        return async () =>
        {
            release.Set();
            await first;
            started.Dispose();
            release.Dispose();
        };
    }

    private static void Insert(SqliteTransaction transaction, int value)
    {
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO written (value) VALUES ($value);";
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }

    private List<int> Values()
    {
        using var connection = _store.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM written ORDER BY value;";
        using var reader = command.ExecuteReader();
        var values = new List<int>();
        while (reader.Read())
        {
            values.Add(reader.GetInt32(0));
        }

        return values;
    }
}
