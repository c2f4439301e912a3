using Quartz;
using Rhythm.History;
using Rhythm.Model;
using Rhythm.Scheduling;
using Rhythm.Simulation;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Engine;

[TestFixture]
internal sealed class RestartTests : TempFolderFixture
{
    [Test]
    public async Task Restart_SameFile_KeepsNextFireTimes()
    {
        var file = EngineHarness.File(Folder,
            EngineHarness.Every("health", TimeSpan.FromMinutes(10)),
            EngineHarness.Every("maintenance", TimeSpan.FromMinutes(60)));
        var time = new VirtualTimeProvider(EngineHarness.Monday9);
        var script = new StepScript();
        DateTimeOffset? healthNext, maintenanceNext;
        await using (var first = await EngineHarness.StartAsync(file, time, script))
        {
            await first.WaitForRunAsync("maintenance", r => r.Outcome == RunOutcome.Succeeded, "maintenance's first run");
            await first.AdvanceAsync(TimeSpan.FromMinutes(4));
            healthNext = await NextFire(first, "health");
            maintenanceNext = await NextFire(first, "maintenance");
        }

        await using var second = await EngineHarness.StartAsync(file, time, script);
        Assert.Multiple(async () =>
        {
            Assert.That(healthNext, Is.EqualTo(EngineHarness.Monday9.AddMinutes(10)));
            Assert.That(await NextFire(second, "health"), Is.EqualTo(healthNext));
            Assert.That(await NextFire(second, "maintenance"), Is.EqualTo(maintenanceNext));
        });
        Assert.That(script.CallsOf("maintenance"), Has.Count.EqualTo(1), "a restart must not run an unchanged group again");
    }

    [Test]
    public async Task Restart_AfterADowntimeShorterThanAMinute_RunsTheNewestMissedSlotOnce_RecordsTheOthers()
    {
        var file = EngineHarness.File(Folder, EngineHarness.Every("tick", TimeSpan.FromSeconds(10)));
        var time = new VirtualTimeProvider(EngineHarness.Monday9);
        var script = new StepScript();
        await using (var first = await EngineHarness.StartAsync(file, time, script))
        {
            await first.AdvanceAsync(TimeSpan.FromSeconds(25));
        }

        // Down from 0:25 to 1:03: the slots at 0:30, 0:40, 0:50 and 1:00 pass, all within Quartz's misfire threshold.
        time.Advance(TimeSpan.FromSeconds(38));
        await using var second = await EngineHarness.StartAsync(file, time, script);
        await second.AdvanceAsync(TimeSpan.FromSeconds(10));

        var seconds = script.CallsOf("tick").Select(c => (c.ScheduledAt - EngineHarness.Monday9).TotalSeconds).ToList();
        var skipped = second.History.Recent("tick", 50).Where(r => r.Outcome == RunOutcome.Skipped).OrderBy(r => r.ScheduledAt).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(seconds, Is.EqualTo(new double[] { 0, 10, 20, 60, 70 }), "one run for the downtime, the newest slot, then the rhythm from it");
            Assert.That(skipped.Select(r => (r.ScheduledAt!.Value - EngineHarness.Monday9).TotalSeconds), Is.EqualTo(new double[] { 30, 40, 50 }));
            Assert.That(skipped[0].Reason, Is.EqualTo("skipped: 33s late, and a later run is already due"));
        });
    }

    [Test]
    public async Task Restart_GroupRemovedAndAdded_RemovedIsGoneAndNewRunsAtOnce()
    {
        var time = new VirtualTimeProvider(EngineHarness.Monday9);
        await using (var first = await EngineHarness.StartAsync(
            EngineHarness.File(Folder, EngineHarness.Every("health", TimeSpan.FromMinutes(10)), EngineHarness.Every("old", TimeSpan.FromMinutes(10))), time))
        {
            await first.WaitForRunAsync("old", r => r.Outcome == RunOutcome.Succeeded, "old's first run");
        }

        var script = new StepScript();
        await using var second = await EngineHarness.StartAsync(
            EngineHarness.File(Folder, EngineHarness.Every("health", TimeSpan.FromMinutes(10)), EngineHarness.Every("new", TimeSpan.FromMinutes(10))), time, script);

        await second.WaitForRunAsync("new", r => r.Outcome == RunOutcome.Succeeded, "the new group's first run");
        Assert.Multiple(async () =>
        {
            Assert.That(await second.Engine.Scheduler.Exists(RhythmKeys.Job("old")), Is.False);
            Assert.That(await second.Engine.Scheduler.Exists(RhythmKeys.Job("health")), Is.True);
            Assert.That(script.CallsOf("health"), Is.Empty, "health kept its rhythm");
        });
    }

    [Test]
    public async Task Restart_ChangedInterval_RebuildsTriggerKeepingPhase()
    {
        var time = new VirtualTimeProvider(EngineHarness.Monday9);
        await using (var first = await EngineHarness.StartAsync(EngineHarness.File(Folder, EngineHarness.Every("health", TimeSpan.FromMinutes(10))), time))
        {
            await first.WaitForRunAsync("health", r => r.Outcome == RunOutcome.Succeeded, "health's first run");
            await first.AdvanceAsync(TimeSpan.FromMinutes(2));
        }

        await using var second = await EngineHarness.StartAsync(EngineHarness.File(Folder, EngineHarness.Every("health", TimeSpan.FromMinutes(5))), time);
        Assert.That(await NextFire(second, "health"), Is.EqualTo(EngineHarness.Monday9.AddMinutes(5)));
    }

    [Test]
    public async Task Restart_AfterDowntime_MissedSlotsRunOnceNotOncePerSlot()
    {
        var file = EngineHarness.File(Folder, EngineHarness.Every("health", TimeSpan.FromMinutes(1)));
        var time = new VirtualTimeProvider(EngineHarness.Monday9);
        var script = new StepScript();
        await using (var first = await EngineHarness.StartAsync(file, time, script))
        {
            await first.WaitForRunAsync("health", r => r.Outcome == RunOutcome.Succeeded, "health's first run");
        }

        time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(30));
        await using var second = await EngineHarness.StartAsync(file, time, script);
        await Eventually.Until(() => script.CallsOf("health").Count >= 2, "the run that makes up for the downtime");
        await second.AdvanceAsync(TimeSpan.FromSeconds(50));

        var calls = script.CallsOf("health");
        Assert.Multiple(() =>
        {
            Assert.That(calls, Has.Count.EqualTo(2), "ten missed slots make up one run, not ten");
            Assert.That(calls[1].At, Is.EqualTo(EngineHarness.Monday9.AddMinutes(10).AddSeconds(30)));
        });
        await second.AdvanceAsync(TimeSpan.FromSeconds(15));
        await Eventually.Until(() => script.CallsOf("health").Count == 3, "the next run one interval after the make-up run");
        Assert.That(script.CallsOf("health")[2].At, Is.EqualTo(EngineHarness.Monday9.AddMinutes(11).AddSeconds(30)), string.Join(", ", script.CallsOf("health").Select(c => c.At.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture))) + " history: " + string.Join(", ", second.History.Recent("health", 10).Select(r => $"{r.ScheduledAt:HH:mm:ss} {r.StartedAt:HH:mm:ss} {r.Cause}")));
    }

    [Test]
    public async Task Restart_WhileRunning_RunIsRecordedAsInterrupted()
    {
        var file = EngineHarness.File(Folder, EngineHarness.Every("health", TimeSpan.FromMinutes(10)));
        var time = new VirtualTimeProvider(EngineHarness.Monday9);
        await using (var first = await EngineHarness.StartAsync(file, time))
        {
            await first.WaitForRunAsync("health", r => r.Outcome == RunOutcome.Succeeded, "health's first run");
            await first.History.StartRunAsync("health", "crashed-fire", RunCause.Schedule, time.GetUtcNow(), time.GetUtcNow());
        }

        await using var second = await EngineHarness.StartAsync(file, time);
        var interrupted = second.History.Recent("health", 10).Single(r => r.Outcome == RunOutcome.Interrupted);
        Assert.That(interrupted.Reason, Does.StartWith("the host stopped during the run"));
    }

    private static async Task<DateTimeOffset?> NextFire(EngineHarness engine, string group)
        => (await engine.Engine.Scheduler.GetTrigger(RhythmKeys.Trigger(group)))?.NextFireTimeUtc;
}
