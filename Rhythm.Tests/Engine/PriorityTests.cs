using Rhythm.History;
using Rhythm.Model;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Engine;

[TestFixture]
internal sealed class PriorityTests : TempFolderFixture
{
    [Test]
    public async Task FullPool_LateTriggers_CriticalStartsBeforeOlderMediumOnes()
    {
        var file = EngineHarness.File(Folder,
            EngineHarness.Every("blocker", TimeSpan.FromMinutes(10)) with { Priority = Priority.High },
            EngineHarness.Every("medium-1", TimeSpan.FromSeconds(20)),
            EngineHarness.Every("medium-2", TimeSpan.FromSeconds(20)),
            EngineHarness.Every("critical", TimeSpan.FromSeconds(30)) with { Priority = Priority.Critical }) with
        { Rhythm = new RhythmSettings { MaxConcurrency = 1 } };
        var script = new StepScript();
        EngineHarness? engine = null;

        // The one slot is held for 50 s of virtual time: both medium groups (due at 0 s) and the critical one's
        // second run (due at 30 s) are then all late, the medium ones by more.
        script.During("blocker", () => engine!.Time.Advance(TimeSpan.FromSeconds(50)));
        engine = await EngineHarness.StartAsync(file, script: script);
        await using (engine)
        {
            await engine.AdvanceAsync(TimeSpan.FromSeconds(1));
            await Eventually.Until(() => script.CallsOf("medium-2").Count >= 1 && script.CallsOf("medium-1").Count >= 1, "both medium groups to run");

            var order = script.Calls.Select(c => c.Group).ToList();
            var trace = string.Join(", ", script.Calls.Select(c => $"{c.Group} due {c.ScheduledAt:mm:ss} ran {c.At:mm:ss}"));
            Assert.That(order.Take(3), Is.EqualTo(new[] { "critical", "blocker", "critical" }), trace);
            Assert.That(script.CallsOf("critical")[1].ScheduledAt, Is.EqualTo(EngineHarness.Monday9.AddSeconds(30)));
        }
    }
}
