using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Quartz;
using Quartz.Diagnostics;
using Rhythm.Scenarios.Common;
using Rhythm.Scheduling;

namespace Rhythm.Scenarios.Overhead;

/// <summary>What one throughput or precision run measured.</summary>
internal sealed record OverheadFigures(double RunsPerSecond, double DelayP50, double DelayP99, double DelayMax, int Samples);

/// <summary>
/// The same no-op runs through plain Quartz and through Rhythm's engine (run gate with the dependency and pressure
/// checks, adaptive listener, history and group-state writes), each on a fresh SQLite file, in this process.
/// </summary>
internal static class OverheadRuns
{
    public const int Groups = 50;
    public const int Threads = 10;

    /// <summary>Precision runs skip fires due in the first seconds, which include JIT and the first schema reads.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    public static async Task<OverheadFigures> QuartzThroughputAsync(string folder, QuartzTuning tuning, int runs)
    {
        var counter = new RunCounter();
        var scheduler = await PlainQuartz.BuildAsync($"throughput-{tuning}", Path.Combine(folder, $"quartz-{tuning}-throughput.db"),
            Threads, tuning, new InstanceJobFactory(new NoopJob(counter)));
        scheduler.ListenerManager.AddJobListener(counter, [GroupMatcher<JobKey>.AnyGroup()]);
        for (var g = 0; g < Groups; g++)
        {
            await scheduler.AddJob(JobBuilder.Create<NoopJob>().WithIdentity(Group(g)).StoreDurably().Build(), AddJobOptions.Replacing);
        }

        // One run per job first, as Rhythm's new groups run once at start-up: both are measured warm.
        await QueueAsync(scheduler, Groups);
        var warm = counter.Expect(Groups);
        await scheduler.Start();
        await warm.WaitAsync(Limit);
        await scheduler.Standby();

        await QueueAsync(scheduler, runs);
        var done = counter.Expect(runs);
        var clock = Stopwatch.StartNew();
        await scheduler.Start();
        await done.WaitAsync(Limit);
        var seconds = clock.Elapsed.TotalSeconds;
        await scheduler.Shutdown(waitForJobsToComplete: true);
        return new OverheadFigures(runs / seconds, double.NaN, double.NaN, double.NaN, runs);
    }

    public static async Task<OverheadFigures> QuartzPrecisionAsync(string folder, QuartzTuning tuning, TimeSpan length)
    {
        var counter = new RunCounter();
        var scheduler = await PlainQuartz.BuildAsync($"precision-{tuning}", Path.Combine(folder, $"quartz-{tuning}-precision.db"),
            Threads, tuning, new InstanceJobFactory(new NoopJob(counter)));
        var start = DateTimeOffset.UtcNow.AddSeconds(1);
        for (var g = 0; g < Groups; g++)
        {
            var job = JobBuilder.Create<NoopJob>().WithIdentity(Group(g)).Build();
            var trigger = TriggerBuilder.Create().ForJob(job).StartAt(start)
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(1)).RepeatForever()).Build();
            await scheduler.ScheduleJob(job, trigger);
        }

        await scheduler.Start();
        await Clock.DelayUntil(start + length);
        await scheduler.Shutdown(waitForJobsToComplete: true);
        return Precision(counter, start);
    }

    public static async Task<OverheadFigures> RhythmThroughputAsync(string folder, int runs)
    {
        var counter = new RunCounter();
        await using var rhythm = await RhythmInProcess.StartAsync(folder, "throughput", "1h", counter);
        // New groups run once at start-up; let those finish before the measured runs are queued.
        await Eventually(() => counter.StartedCount >= Groups, "the first run of every group");
        await Task.Delay(TimeSpan.FromSeconds(1));
        await rhythm.Engine.Scheduler.Standby();

        for (var i = 0; i < runs; i++)
        {
            await rhythm.Engine.TriggerAsync(Group(i % Groups), force: false, CancellationToken.None);
        }

        var done = counter.Expect(runs);
        var clock = Stopwatch.StartNew();
        await rhythm.Engine.Scheduler.Start();
        await done.WaitAsync(Limit);
        var seconds = clock.Elapsed.TotalSeconds;
        return new OverheadFigures(runs / seconds, double.NaN, double.NaN, double.NaN, runs);
    }

    public static async Task<OverheadFigures> RhythmPrecisionAsync(string folder, TimeSpan length)
    {
        var counter = new RunCounter();
        var start = DateTimeOffset.UtcNow;
        await using (var rhythm = await RhythmInProcess.StartAsync(folder, "precision", "1s", counter))
        {
            start = rhythm.StartedAt;
            await Clock.DelayUntil(start + length);
        }

        return Precision(counter, start);
    }

    private static OverheadFigures Precision(RunCounter counter, DateTimeOffset start)
    {
        var delays = counter.DelaysScheduledAfter(start + WarmUp);
        return new OverheadFigures(double.NaN, Stats.Percentile(delays, 50), Stats.Percentile(delays, 99), delays.Count == 0 ? double.NaN : delays.Max(), delays.Count);
    }

    private static async Task QueueAsync(IScheduler scheduler, int runs)
    {
        for (var i = 0; i < runs; i++)
        {
            await scheduler.ScheduleJob(TriggerBuilder.Create().ForJob(Group(i % Groups)).StartNow().Build(), new ScheduleJobOptions());
        }
    }

    private static string Group(int index) => string.Create(CultureInfo.InvariantCulture, $"g{index:00}");

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow + Limit;
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException("waited too long for " + what);
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Rhythm's engine in this process on a generated jobs.json of <see cref="Groups"/> no-op groups.</summary>
    private sealed class RhythmInProcess : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        private RhythmInProcess(ServiceProvider services, RhythmEngine engine, DateTimeOffset startedAt)
        {
            _services = services;
            Engine = engine;
            StartedAt = startedAt;
        }

        public RhythmEngine Engine { get; }

        public DateTimeOffset StartedAt { get; }

        public static async Task<RhythmInProcess> StartAsync(string folder, string name, string every, RunCounter counter)
        {
            var jobs = Path.Combine(folder, $"rhythm-{name}.json");
            var groups = new JsonArray();
            for (var g = 0; g < Groups; g++)
            {
                // The interval is pinned with minEvery/maxEvery so that the adaptive listener runs on every fire but
                // cannot move the schedule the delays are measured against.
                groups.Add(new JsonObject
                {
                    ["name"] = Group(g),
                    ["every"] = every,
                    ["minEvery"] = every,
                    ["maxEvery"] = every,
                    ["steps"] = new JsonArray(new JsonObject { ["name"] = "noop", ["run"] = "builtin:noop" }),
                });
            }

            var root = new JsonObject
            {
                ["rhythm"] = new JsonObject { ["store"] = $"rhythm-{name}.db", ["maxConcurrency"] = Threads },
                ["groups"] = groups,
            };
            await File.WriteAllTextAsync(jobs, root.ToJsonString());
            var services = new ServiceCollection()
                .AddLogging()
                .AddSingleton(counter)
                .AddRhythm(o => o.JobsFile = jobs)
                .AddRhythmStep<NoopStep>("noop")
                .BuildServiceProvider();
            var engine = services.GetRequiredService<RhythmEngine>();
            var startedAt = DateTimeOffset.UtcNow;
            await engine.StartAsync(CancellationToken.None);
            engine.Scheduler.ListenerManager.AddJobListener(counter, [GroupMatcher<JobKey>.AnyGroup()]);
            return new RhythmInProcess(services, engine, startedAt);
        }

        public async ValueTask DisposeAsync()
        {
            await Engine.StopAsync(CancellationToken.None);
            await _services.DisposeAsync();

            // The engine points Quartz's process-wide log provider at its container's logger factory and leaves it
            // there; every Quartz scheduler built later in this process would log to a disposed factory and throw.
            LogProvider.SetLogProvider(NullLoggerFactory.Instance);
        }
    }
}
