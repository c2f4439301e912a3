using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Quartz;
using Quartz.Extensibility;
using Rhythm.Adaptive;
using Rhythm.Model;
using Rhythm.Scheduling;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Adaptive;

/// <summary>
/// The re-timing listener against a scheduler that holds still, so that the moment Quartz fires a trigger can be
/// placed exactly between the listener's read of the trigger and its write.
/// </summary>
[TestFixture]
internal sealed class AdaptiveRetimerTests : TempFolderFixture
{
    private static readonly DateTimeOffset Now = EngineHarness.Monday9;

    [Test]
    public async Task BandChange_FireNotYetDue_RetimedAtOnceFromTheLastFire()
    {
        await using var setup = await Setup.StartAsync(Folder, lastFire: Now.AddMinutes(-5));

        setup.Retimer.RetimeAll();
        await setup.IdleAsync();

        Assert.That(setup.Scheduler.Rescheduled.Select(t => t.StartTimeUtc), Is.EqualTo(new[] { Now.AddMinutes(10) }),
            "busy: the last fire 5 min ago + 15 min");
    }

    [Test]
    public async Task BandChange_FireDueNow_WaitsForThatFire_ThenRetimesFromIt()
    {
        // Due this instant: Quartz may be firing it while the listener reads it; a replacement placed from the run
        // before (now - 10 min + 15 min) would then run the group a second time five minutes after this fire.
        await using var setup = await Setup.StartAsync(Folder, lastFire: Now.AddMinutes(-10));

        setup.Retimer.RetimeAll();
        await setup.IdleAsync();
        Assert.That(setup.Scheduler.Rescheduled, Is.Empty, "not replaced while its fire is due");

        var fired = setup.Fire();
        await setup.Retimer.TriggerFired(fired, null!);
        await setup.IdleAsync();

        Assert.That(setup.Scheduler.Rescheduled.Select(t => t.StartTimeUtc), Is.EqualTo(new[] { Now.AddMinutes(15) }),
            "from the fire that happened: now + 15 min");
    }

    private sealed class Setup : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        private Setup(ServiceProvider services, StillScheduler scheduler, FakeTimeProvider time)
        {
            _services = services;
            Scheduler = scheduler;
            Time = time;
            Retimer = services.GetRequiredService<AdaptiveRetimer>();
        }

        public StillScheduler Scheduler { get; }

        public FakeTimeProvider Time { get; }

        public AdaptiveRetimer Retimer { get; }

        /// <summary>A 10-minute group that last fired at <paramref name="lastFire"/>, on a busy machine (x1.5).</summary>
        public static Task<Setup> StartAsync(TempFolder folder, DateTimeOffset lastFire)
        {
            var time = new FakeTimeProvider(Now);
            var load = new ScriptedLoad(time);
            load.Set(cpu: 90);
            var file = EngineHarness.File(folder, EngineHarness.Every("ten", TimeSpan.FromMinutes(10)));
            File.WriteAllText(file.SourcePath, "{}");
            var services = new ServiceCollection()
                .AddLogging()
                .AddSingleton<TimeProvider>(time)
                .AddSingleton<Rhythm.Load.ILoadSampler>(load)
                .AddRhythm(o => o.JobsFile = file.SourcePath)
                .BuildServiceProvider();
            services.GetRequiredService<RhythmModel>().Replace(file);
            services.GetRequiredService<LoadMonitor>().SampleNow();

            var trigger = (IOperableTrigger)TriggerFactory.Build(file.Groups[0], TimeSpan.FromMinutes(10), lastFire, time);
            trigger.ComputeFirstFireTimeUtc(null);
            trigger.Triggered(null);
            var scheduler = DispatchProxy.Create<IScheduler, StillScheduler>();
            var still = (StillScheduler)(object)scheduler;
            still.Trigger = trigger;
            var setup = new Setup(services, still, time);
            setup.Retimer.Start(scheduler);
            return Task.FromResult(setup);
        }

        /// <summary>What Quartz does to the trigger when it fires it at its due time.</summary>
        public ITrigger Fire()
        {
            var trigger = Scheduler.Trigger!;
            trigger.Triggered(null);
            return trigger;
        }

        public Task IdleAsync() => Eventually.Until(() => Retimer.IsIdle, "the re-timer to finish");

        public async ValueTask DisposeAsync()
        {
            await Retimer.DisposeAsync();
            await _services.DisposeAsync();
        }
    }

    /// <summary>A scheduler with one trigger that fires only when the test says so, recording replacements.</summary>
#pragma warning disable CA1852 // DispatchProxy derives the proxy type from it at run time.
    internal class StillScheduler : DispatchProxy
#pragma warning restore CA1852
    {
        public IOperableTrigger? Trigger { get; set; }

        public List<ITrigger> Rescheduled { get; } = [];

        // A proxy hands every result back as an object, ValueTasks included; the caller awaits each once.
#pragma warning disable CA2012
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod!.Name switch
        {
            "get_Status" => SchedulerStatus.Running,
            "GetTrigger" => new ValueTask<ITrigger?>(Trigger),
            "GetTriggerState" => new ValueTask<TriggerState>(TriggerState.Normal),
            "RescheduleJob" => Replace((ITrigger)args![1]!),
            _ => throw new NotSupportedException($"{targetMethod.Name} is not used by the re-timer"),
        };
#pragma warning restore CA2012

        private ValueTask<DateTimeOffset?> Replace(ITrigger trigger)
        {
            Rescheduled.Add(trigger);
            Trigger = (IOperableTrigger)trigger;
            return new ValueTask<DateTimeOffset?>(trigger.StartTimeUtc);
        }
    }
}
