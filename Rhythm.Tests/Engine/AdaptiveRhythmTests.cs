using Rhythm.History;
using Rhythm.Model;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Engine;

/// <summary>The real engine on virtual time with a scripted load: intervals follow the band, keep their phase, and never burst.</summary>
[TestFixture]
internal sealed class AdaptiveRhythmTests : TempFolderFixture
{
    [Test]
    public async Task Day_LoadRisesAndFalls_IntervalsStretchAndShrinkKeepingPhase()
    {
        var file = DayFile(EngineHarness.Every("hourly", TimeSpan.FromHours(1)), EngineHarness.Every("ten", TimeSpan.FromMinutes(10)));
        var start = EngineHarness.Monday9;
        var time = new Rhythm.Simulation.VirtualTimeProvider(start);
        var load = new ScriptedLoad(time)
        {
            // idle for 6 h, normal for 6 h, busy for 6 h, normal again
            Profile = at => ((at - start).TotalHours switch { < 6 => 10, < 12 => 45, < 18 => 85, _ => 45 }, 40),
        };
        var script = new StepScript();
        await using var engine = await EngineHarness.StartAsync(file, time, script, load);

        await engine.AdvanceAsync(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(1));

        var hourly = script.CallsOf("hourly").Select(c => (c.ScheduledAt - start).TotalMinutes).ToList();
        Assert.That(hourly, Is.EqualTo(new double[]
        {
            // idle: every 48 min
            0, 48, 96, 144, 192, 240, 288, 336,
            // normal from 6:00: the last idle run at 5:36 + 60 min, then hourly
            396, 456, 516, 576, 636, 696,
            // busy from 12:01 (the smoothed CPU crosses 70 one sample later): 11:36 + 90 min, then every 90
            786, 876, 966, 1056,
            // normal from 18:01: 17:36 + 60 min, then hourly
            1116, 1176, 1236, 1296, 1356, 1416,
        }));

        var ten = script.CallsOf("ten").Select(c => c.ScheduledAt).ToList();
        var gaps = ten.Zip(ten.Skip(1), (a, b) => (b - a).TotalMinutes).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(gaps.Min(), Is.GreaterThanOrEqualTo(8), "no catch-up burst: never closer than the idle interval");
            Assert.That(gaps.Max(), Is.LessThanOrEqualTo(15), "never longer than the busy interval");
            Assert.That(ten.Count(t => t < start.AddHours(6)), Is.EqualTo(45), "idle: every 8 min for 6 h");
            Assert.That(ten.Count(t => t >= start.AddHours(12).AddMinutes(15) && t < start.AddHours(18)), Is.EqualTo(23), "busy: every 15 min");
        });
    }

    [Test]
    public async Task MemoryPressure_MediumSkippedWithReason_CriticalRuns_DependantWaits()
    {
        var file = DayFile(
            EngineHarness.Every("critical", TimeSpan.FromMinutes(10)) with { Priority = Priority.Critical },
            EngineHarness.Every("medium", TimeSpan.FromMinutes(10)),
            EngineHarness.Every("dependant", TimeSpan.FromMinutes(10), "medium") with { Priority = Priority.High });
        var script = new StepScript();
        var time = new Rhythm.Simulation.VirtualTimeProvider(EngineHarness.Monday9);
        var load = new ScriptedLoad(time);
        load.Set(cpu: 40, memory: 67);
        await using var engine = await EngineHarness.StartAsync(file, time, script, load);
        await engine.AdvanceAsync(TimeSpan.FromMinutes(25));

        var skipped = engine.History.Recent("medium", 50).Where(r => r.Outcome == RunOutcome.Skipped).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(skipped, Has.Count.EqualTo(3), "due at 0, 10 and 20 min");
            Assert.That(skipped[0].Reason, Is.EqualTo("skipped: memory 67 % > 60 %"));
            Assert.That(script.CallsOf("critical"), Has.Count.EqualTo(3));
            Assert.That(script.CallsOf("medium"), Is.Empty);
            Assert.That(script.CallsOf("dependant"), Is.Empty, "a skipped dependency is not a success");
            Assert.That(engine.History.Recent("dependant", 50).Select(r => r.Outcome), Has.All.EqualTo(RunOutcome.Waiting));
        });

        load.Set(cpu: 40, memory: 40);
        await engine.AdvanceAsync(TimeSpan.FromMinutes(10));

        var medium = await engine.WaitForRunAsync("medium", r => r.Outcome == RunOutcome.Succeeded, "medium to run once memory is back");
        var dependant = await engine.WaitForRunAsync("dependant", r => r.Outcome == RunOutcome.Succeeded, "the dependant to be released");
        Assert.That(dependant.StartedAt, Is.GreaterThanOrEqualTo(medium.EndedAt!.Value));
    }

    [Test]
    public async Task Restart_MidDayWhileBusy_KeepsStretchedInterval()
    {
        var file = DayFile(EngineHarness.Every("ten", TimeSpan.FromMinutes(10)));
        var time = new Rhythm.Simulation.VirtualTimeProvider(EngineHarness.Monday9);
        var load = new ScriptedLoad(time);
        load.Set(cpu: 90);
        var script = new StepScript();
        await using (var first = await EngineHarness.StartAsync(file, time, script, load))
        {
            await first.AdvanceAsync(TimeSpan.FromMinutes(20));
        }

        await using var second = await EngineHarness.StartAsync(file, time, script, load);
        await second.AdvanceAsync(TimeSpan.FromMinutes(40));

        var minutes = script.CallsOf("ten").Select(c => (c.ScheduledAt - EngineHarness.Monday9).TotalMinutes).ToList();
        var state = second.States.Get("ten");
        Assert.Multiple(() =>
        {
            Assert.That(minutes, Is.EqualTo(new double[] { 0, 15, 30, 45, 60 }), "15 min apart before and after the restart");
            Assert.That(state.BaseInterval, Is.EqualTo(TimeSpan.FromMinutes(10)));
            Assert.That(state.CurrentInterval, Is.EqualTo(TimeSpan.FromMinutes(15)));
            Assert.That(state.IntervalReason, Is.EqualTo("busy: CPU 90 %, x1.5"));
        });
    }

    private JobsFile DayFile(params GroupDefinition[] groups) => EngineHarness.File(Folder, groups) with
    {
        Rhythm = new RhythmSettings { MaxConcurrency = 4, SampleEvery = TimeSpan.FromMinutes(1) },
        Adaptive = new AdaptiveSettings { Window = TimeSpan.FromMinutes(1) },
    };
}
