using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Rhythm.Control;
using Rhythm.History;
using Rhythm.Scheduling;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Control;

/// <summary>What a pause means inside the engine, on virtual time: no run of any kind until an operator resumes or triggers.</summary>
[TestFixture]
internal sealed class PausedGroupTests : TempFolderFixture
{
    [Test]
    public async Task Paused_WaitingGroupWhoseDependencySucceeds_DoesNotRunUntilResumedAndDue()
    {
        var script = new StepScript();
        script.Fail("first");
        await using var harness = await EngineHarness.StartAsync(
            EngineHarness.File(Folder, EngineHarness.Every("first", TimeSpan.FromMinutes(10)), EngineHarness.Every("second", TimeSpan.FromMinutes(10), "first")),
            script: script);
        await harness.SettleAsync();
        Assert.That(harness.States.Get("second").IsWaiting, Is.True, "second waits for first, which failed");
        var control = harness.Services.GetRequiredService<IRhythmControl>();

        await control.PauseAsync("second");
        script.Succeed("first");
        await control.TriggerAsync("first", force: false);
        await harness.WaitForRunAsync("first", r => r.Cause == RunCause.Manual && r.Outcome == RunOutcome.Succeeded, "first's manual success");
        await harness.SettleAsync();

        Assert.That(script.CallsOf("second"), Is.Empty, "the chained fire must not run a paused group");

        await control.ResumeAsync("second");
        await harness.AdvanceAsync(TimeSpan.FromMinutes(10));

        Assert.That(script.CallsOf("second"), Has.Count.EqualTo(1), "resumed, it runs at its own time");
    }

    [Test]
    public async Task Trigger_PausedGroup_RunsOnceBecauseAnOperatorAsked()
    {
        await using var harness = await EngineHarness.StartAsync(EngineHarness.File(Folder, EngineHarness.Every("health", TimeSpan.FromMinutes(10))));
        await harness.SettleAsync();
        var control = harness.Services.GetRequiredService<IRhythmControl>();
        await control.PauseAsync("health");

        await control.TriggerAsync("health", force: false);
        await harness.WaitForRunAsync("health", r => r.Cause == RunCause.Manual, "the manual run");
        await harness.AdvanceAsync(TimeSpan.FromMinutes(30));

        Assert.That(harness.Script.CallsOf("health"), Has.Count.EqualTo(2), "the start-up run and the manual one, nothing on schedule");
        Assert.That(await harness.Engine.Scheduler.GetTriggerState(RhythmKeys.Trigger("health")), Is.EqualTo(TriggerState.Paused));
    }

    [Test]
    public async Task Resume_AfterMissingSeveralSlots_RunsOnceAndKeepsTheRhythmFromNow()
    {
        await using var harness = await EngineHarness.StartAsync(EngineHarness.File(Folder, EngineHarness.Every("fast", TimeSpan.FromSeconds(10))));
        await harness.SettleAsync();
        var control = harness.Services.GetRequiredService<IRhythmControl>();
        await control.PauseAsync("fast");
        await harness.AdvanceAsync(TimeSpan.FromSeconds(45));
        var before = harness.Script.CallsOf("fast").Count;
        var resumedAt = harness.Time.GetUtcNow();

        await control.ResumeAsync("fast");
        await harness.WaitForRunAsync("fast", r => r.StartedAt >= resumedAt, "the run after resuming");
        await harness.SettleAsync();

        var trigger = await harness.Engine.Scheduler.GetTrigger(RhythmKeys.Trigger("fast"));
        Assert.Multiple(() =>
        {
            Assert.That(harness.Script.CallsOf("fast"), Has.Count.EqualTo(before + 1), "four missed slots, one run");
            Assert.That(trigger!.NextFireTimeUtc, Is.EqualTo(resumedAt + TimeSpan.FromSeconds(10)));
        });
    }

    [Test]
    public void Control_UnknownGroup_ThrowsWithTheKnownGroups()
    {
        Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await using var harness = await EngineHarness.StartAsync(EngineHarness.File(Folder, EngineHarness.Every("health", TimeSpan.FromMinutes(10))));
            await harness.Services.GetRequiredService<IRhythmControl>().PauseAsync("nope");
        });
    }
}
