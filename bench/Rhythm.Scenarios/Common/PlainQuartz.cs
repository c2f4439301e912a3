using Microsoft.Data.Sqlite;
using Quartz;
using Quartz.Extensibility;

namespace Rhythm.Scenarios.Common;

/// <summary>How the plain Quartz baseline is set up on SQLite.</summary>
internal enum QuartzTuning
{
    /// <summary>Quartz's defaults on a fresh SQLite file (rollback journal, automatic batch size).</summary>
    Defaults,

    /// <summary>What the issue calls tuned: batch acquisition of 10 (at most the pool size, which Quartz requires) and the file in WAL mode.</summary>
    Tuned,

    /// <summary>Tuned, plus Rhythm's SQL dialect that acquires due triggers by priority first: isolates what that ordering costs.</summary>
    TunedPriorityFirst,
}

/// <summary>Builds plain Quartz schedulers, with no Rhythm code in the path, for the baselines.</summary>
internal static class PlainQuartz
{
    public static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public static async Task<IScheduler> BuildAsync(string name, string databasePath, int threads, QuartzTuning tuning, IJobFactory factory,
        Action<ExecutionLimitsBuilder>? limits = null)
    {
        if (tuning != QuartzTuning.Defaults)
        {
            using var connection = new SqliteConnection(ConnectionString(databasePath));
            connection.Open();
            using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteNonQuery();
        }

        return await QuartzSchedulerBuilder.Create(q =>
        {
            q.UseDefaultThreadPool(threads);
            q.UseJobFactory(factory);
            if (limits is not null)
            {
                q.UseExecutionLimits(limits);
            }

            q.ConfigureScheduler(o =>
            {
                o.InstanceName = name;
                if (tuning != QuartzTuning.Defaults)
                {
                    o.MaxBatchSize = Math.Min(10, threads);
                }
            });
            q.UsePersistentStore(s =>
            {
                if (tuning == QuartzTuning.TunedPriorityFirst)
                {
                    s.UseDriverDelegate<Rhythm.Store.PriorityFirstSqliteDelegate>();
                }

                s.UseSqlite(ConnectionString(databasePath));
                s.UseSystemTextJsonSerializer();
                s.ProvisionSchema();
            });
        }).BuildScheduler();
    }
}

/// <summary>A job factory that hands out one job instance built by the scenario.</summary>
internal sealed class InstanceJobFactory(IJob job) : IJobFactory
{
    public ValueTask<JobScope> CreateJob(TriggerFiredBundle bundle, IScheduler scheduler, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(new JobScope(job, null));

    public ValueTask ReturnJob(JobScope scope, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
