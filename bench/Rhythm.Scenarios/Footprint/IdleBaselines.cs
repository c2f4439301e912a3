using Quartz;
using Rhythm.Scenarios.Common;

namespace Rhythm.Scenarios.Footprint;

/// <summary>The processes the footprint is compared with, run by this program as its own child.</summary>
internal static class IdleBaselines
{
    /// <summary>Plain Quartz on SQLite (WAL) with <paramref name="groups"/> jobs due in an hour; prints "started" once scheduled.</summary>
    public static async Task<int> QuartzAsync(string database, int groups)
    {
        var scheduler = await PlainQuartz.BuildAsync("idle-quartz", database, 4, QuartzTuning.Tuned, new InstanceJobFactory(new IdleJob()));
        for (var g = 0; g < groups; g++)
        {
            var key = new JobKey($"group-{g:00}");
            if (await scheduler.Exists(key))
            {
                continue;
            }

            var job = JobBuilder.Create<IdleJob>().WithIdentity(key).Build();
            var trigger = TriggerBuilder.Create().ForJob(job).StartAt(DateTimeOffset.UtcNow.AddHours(1))
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromHours(1)).RepeatForever()).Build();
            await scheduler.ScheduleJob(job, trigger);
        }

        await scheduler.Start();
        Console.WriteLine("started");
        await Console.In.ReadToEndAsync();
        await scheduler.Shutdown();
        return 0;
    }

    /// <summary>A .NET process that does nothing: the floor every .NET program stands on.</summary>
    public static async Task<int> BareAsync()
    {
        Console.WriteLine("started");
        await Console.In.ReadToEndAsync();
        return 0;
    }

    private sealed class IdleJob : IJob
    {
        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
