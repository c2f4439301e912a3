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

    [Test]
    public void MarkInterrupted_RunLeftRunningByADeadHost_IsInterruptedInMemoryAndInTheStore()
    {
        var store = new RhythmStore(Folder.File("rhythm.db"));
        store.Initialize();
        var at = DateTimeOffset.Parse("2026-11-25T21:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var crashed = new GroupStateStore(store);
        crashed.MarkStarted("long", at);
        crashed.MarkStarted("done", at);
        crashed.MarkFinished("done", "succeeded", succeeded: true, at.AddMinutes(1));

        var restarted = new GroupStateStore(store);
        restarted.Load();
        restarted.MarkInterrupted();

        var reloaded = new GroupStateStore(store);
        reloaded.Load();
        Assert.Multiple(() =>
        {
            Assert.That(restarted.Get("long").LastOutcome, Is.EqualTo("interrupted"));
            Assert.That(reloaded.Get("long").LastOutcome, Is.EqualTo("interrupted"));
            Assert.That(reloaded.Get("long").LastStartedAt, Is.EqualTo(at));
            Assert.That(reloaded.Get("done").LastOutcome, Is.EqualTo("succeeded"));
            Assert.That(reloaded.Get("done").LastSucceededAt, Is.EqualTo(at.AddMinutes(1)));
        });
    }

    // Changes when another connection commits to the file.
    private static long DataVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA data_version;";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
