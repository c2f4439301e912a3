using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Quartz;
using Quartz.Diagnostics;
using Quartz.Impl.AdoJobStore;
using Rhythm.Store;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Store;

[TestFixture]
internal sealed class PriorityFirstSqliteDelegateTests : TempFolderFixture
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    // An engine test run before this one leaves Quartz's process-wide log provider on its disposed container.
    [SetUp]
    public void ResetQuartzLogging() => LogProvider.SetLogProvider(NullLoggerFactory.Instance);

    [Test]
    public async Task Acquisition_DueAndNotYetDue_DueByPriorityThenTheRestByTime()
    {
        var path = await StoreWithTriggersAsync(
            ("medium-oldest", -30, 5), ("medium-older", -10, 5), ("critical-late", -5, 10),
            ("critical-soon", 5, 10), ("medium-sooner", 2, 5));

        var order = Acquire(path, limit: 10);

        Assert.That(order, Is.EqualTo(new[] { "critical-late", "medium-oldest", "medium-older", "medium-sooner", "critical-soon" }));
    }

    [Test]
    public async Task Acquisition_LimitSmallerThanDue_TakesTheHighestPriorityFirst()
    {
        var path = await StoreWithTriggersAsync(("medium", -30, 5), ("high", -1, 8), ("critical", -2, 10), ("soon", 1, 10));

        Assert.That(Acquire(path, limit: 2), Is.EqualTo(new[] { "critical", "high" }));
    }

    [Test]
    public async Task Acquisition_Plan_ReadsBothPartsInIndexOrderWithoutSortingTheBacklog()
    {
        var path = await StoreWithTriggersAsync(("one", -1, 5));
        using var connection = Open(path);
        using var command = AcquisitionCommand(connection, 10);
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        var plan = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                plan.Add(reader.GetString(3));
            }
        }

        var text = string.Join("\n", plan);
        Assert.That(text, Does.Not.Contain("TEMP B-TREE"));
        Assert.That(text, Does.Contain("USING INDEX QRTZ_RHYTHM_T_PRIORITY_NFT"));
    }

    [Test]
    public async Task Start_NewStore_FirstAcquisitionCreatesTheIndexThePriorityOrderNeeds()
    {
        var path = Folder.File("quartz.db");
        var scheduler = await BuildAsync(path);
        await scheduler.Start();
        await Eventually.Until(() => IndexExists(path), "the acquisition index");
        await scheduler.Shutdown();

        Assert.That(IndexExists(path), Is.True);
    }

    [Test]
    public void Delegate_QuartzSeesItAsShipped_KeepsQuartzsFastPaths()
    {
        var isShipped = typeof(StdAdoDelegate).GetProperty("IsShipped", BindingFlags.Instance | BindingFlags.NonPublic);

        Assert.That(PriorityFirstSqliteDelegate.TreatedAsShipped, Is.True, "Quartz's 'shipped' flag is gone: see PriorityFirstSqliteDelegate");
        Assert.That(isShipped?.GetValue(new PriorityFirstSqliteDelegate()), Is.EqualTo(true));
    }

    /// <summary>A store provisioned by Quartz with one job per trigger, each due <c>seconds</c> from <see cref="Now"/>.</summary>
    private async Task<string> StoreWithTriggersAsync(params (string Name, int Seconds, int Priority)[] triggers)
    {
        var path = Folder.File("quartz.db");
        var scheduler = await BuildAsync(path);
        foreach (var (name, seconds, priority) in triggers)
        {
            var job = JobBuilder.Create<NothingJob>().WithIdentity(name).Build();
            await scheduler.ScheduleJob(job, TriggerBuilder.Create().WithIdentity(name).ForJob(job)
                .StartAt(Now.AddSeconds(seconds)).WithPriority(priority).Build());
        }

        await scheduler.Shutdown();
        using var connection = Open(path);
        using var index = connection.CreateCommand();
        index.CommandText = PriorityFirstSqliteDelegate.DueIndexSql.Replace("{0}", "QRTZ_", StringComparison.Ordinal);
        index.ExecuteNonQuery();
        return path;
    }

    private static Task<IScheduler> BuildAsync(string path) => QuartzSchedulerBuilder.Create(q =>
    {
        q.ConfigureScheduler(o => o.InstanceName = "priority-test");
        q.UsePersistentStore(s =>
        {
            s.UseDriverDelegate<PriorityFirstSqliteDelegate>();
            s.UseSqlite($"Data Source={path};Pooling=false");
            s.UseSystemTextJsonSerializer();
            s.ProvisionSchema();
        });
    }).BuildScheduler().AsTask();

    private static bool IndexExists(string path)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'QRTZ_RHYTHM_T_PRIORITY_NFT';";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    private static List<string> Acquire(string path, int limit)
    {
        using var connection = Open(path);
        using var command = AcquisitionCommand(connection, limit);
        var names = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            names.Add(reader.GetString(reader.GetOrdinal("TRIGGER_NAME")));
        }

        return names;
    }

    private static SqliteCommand AcquisitionCommand(SqliteConnection connection, int limit)
    {
        var command = connection.CreateCommand();
        command.CommandText = PriorityFirstSqliteDelegate.PriorityFirst(new QuartzSql().Acquisition(limit)).Replace("{0}", "QRTZ_", StringComparison.Ordinal);
        command.Parameters.AddWithValue("@schedulerName", "priority-test");
        command.Parameters.AddWithValue("@state", "WAITING");
        command.Parameters.AddWithValue("@noLaterThan", Now.AddMinutes(1).UtcTicks);
        command.Parameters.AddWithValue("@noEarlierThan", Now.AddHours(-1).UtcTicks);
        command.Parameters.AddWithValue("@misfireCountedFrom", Now.UtcTicks);
        command.Parameters.AddWithValue("@instanceId", "test");
        command.Parameters.AddWithValue("@autoPinSentinel", "*");
        command.Parameters.AddWithValue("@liveNodeCutoff", 0L);
        return command;
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        return connection;
    }

    /// <summary>Quartz's own acquisition statement, before Rhythm's rewrite.</summary>
    private sealed class QuartzSql : SQLiteDelegate
    {
        public string Acquisition(int limit) => GetSelectNextTriggerToAcquireSql(new TriggerAcquisitionSqlShape(limit, 0));
    }

    private sealed class NothingJob : IJob
    {
        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
