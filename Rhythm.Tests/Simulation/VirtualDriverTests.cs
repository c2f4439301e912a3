using Microsoft.Extensions.DependencyInjection;
using Rhythm.Adaptive;
using Rhythm.Scheduling;
using Rhythm.Simulation;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Simulation;

/// <summary>
/// The driver lets virtual time run on when the engine waits on its own timer with work due, as real time would, and
/// never jumps past a fire that moved since its last look.
/// </summary>
[TestFixture]
internal sealed class VirtualDriverTests : TempFolderFixture
{
    [Test]
    public async Task SchedulerStandingStillWithATriggerDue_ClockRunsToTheNextTimer_StallRecorded()
    {
        var file = EngineHarness.File(Folder, EngineHarness.Every("tick", TimeSpan.FromMinutes(10)));
        await using var engine = await EngineHarness.StartAsync(file);
        var driver = new VirtualDriver(engine.Time, engine.Engine.Scheduler, engine.Services.GetRequiredService<AdaptiveRetimer>());
        await driver.RunUntilAsync(EngineHarness.Monday9.AddMinutes(1));

        // In standby Quartz only re-arms its own pause timer, so at 09:10 the trigger is due and nothing fires it
        // until the clock reaches the timer that starts the scheduler again.
        await engine.Engine.Scheduler.Standby();
        var due = EngineHarness.Monday9.AddMinutes(10);
        using var restart = engine.Time.CreateTimer(_ => _ = engine.Engine.Scheduler.Start().AsTask(), null, due.AddMilliseconds(500) - engine.Time.GetUtcNow(), Timeout.InfiniteTimeSpan);
        await driver.RunUntilAsync(due);

        var ticks = engine.Script.CallsOf("tick").Select(c => c.ScheduledAt).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ticks, Is.EqualTo(new[] { EngineHarness.Monday9, due }), "the fire due in standby runs once the scheduler is back");
            Assert.That(driver.Stalls.Select(s => s.At), Has.Member(due), "the stall is recorded where it happened");
            Assert.That(driver.Stalls[0].Detail, Does.Contain("rhythm.tick"), "and says what was due");
            Assert.That(engine.Time.GetUtcNow(), Is.EqualTo(due.AddMilliseconds(500)), "time ran on no further than the timer that ended it");
        });
    }

    [Test]
    public void TimerArmedAfterTheClockMoved_CountsFromTheArmingThreadsReading()
    {
        var start = EngineHarness.Monday9;
        var time = new VirtualTimeProvider(start);

        // Quartz's loop reads the clock, decides to wait 20 s, and arms its timer; here the clock moves 15 s between.
        var read = time.GetUtcNow();
        time.AdvanceTo(start.AddSeconds(15));
        using var late = time.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(20), Timeout.InfiniteTimeSpan);

        Assert.Multiple(() =>
        {
            Assert.That(read, Is.EqualTo(start));
            Assert.That(time.NextDue(), Is.EqualTo(start.AddSeconds(20)), "due 20 s after the reading the wait was computed from, not 20 s after the move");
        });
    }

    [Test]
    public void TimerArmedInsideACallback_CountsFromTheCallbacksTime()
    {
        var start = EngineHarness.Monday9;
        var time = new VirtualTimeProvider(start);
        ITimer? rearmed = null;
        _ = time.GetUtcNow();
        using var first = time.CreateTimer(_ => rearmed = time.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);

        time.AdvanceTo(start.AddSeconds(10));

        Assert.That(time.NextDue(), Is.EqualTo(start.AddSeconds(15)), "a callback runs at its timer's time, whatever the mover read before");
        rearmed?.Dispose();
    }

    [Test]
    public async Task TriggerMovedEarlierBetweenRuns_SameDriver_FiresAtTheNewTime()
    {
        var file = EngineHarness.File(Folder, EngineHarness.Every("hourly", TimeSpan.FromHours(1)));
        await using var engine = await EngineHarness.StartAsync(file);
        var driver = new VirtualDriver(engine.Time, engine.Engine.Scheduler, engine.Services.GetRequiredService<AdaptiveRetimer>());
        await driver.RunUntilAsync(EngineHarness.Monday9.AddMinutes(1));

        // The driver's last look found the next fire at 10:00; moving it to 09:30 must not go unseen.
        var key = RhythmKeys.Trigger("hourly");
        var trigger = await engine.Engine.Scheduler.GetTrigger(key);
        var moved = EngineHarness.Monday9.AddMinutes(30);
        await engine.Engine.Scheduler.RescheduleJob(key, trigger!.GetTriggerBuilder().StartAt(moved).Build());
        await driver.RunUntilAsync(EngineHarness.Monday9.AddMinutes(45));

        var runs = engine.Script.CallsOf("hourly").Select(c => c.ScheduledAt).ToList();
        Assert.That(runs, Is.EqualTo(new[] { EngineHarness.Monday9, moved }), "the moved fire runs on its new time");
    }
}
