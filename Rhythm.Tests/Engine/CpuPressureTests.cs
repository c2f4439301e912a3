using Rhythm.History;
using Rhythm.Model;
using Rhythm.Simulation;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Engine;

/// <summary><c>rhythm.cpuPressure</c> on the real engine: everything but critical is shed, with hysteresis, and dependants wait.</summary>
[TestFixture]
internal sealed class CpuPressureTests : TempFolderFixture
{
    private static readonly TimeSpan Ten = TimeSpan.FromMinutes(10);
    private static readonly string[] Shed = ["high", "medium", "low"];

    [Test]
    public async Task CpuRisesAboveCpuPressureThenFalls_NonCriticalShedUntilBelowThresholdMinusHysteresis()
    {
        var file = EngineHarness.File(Folder,
            EngineHarness.Every("critical", Ten) with { Priority = Priority.Critical },
            EngineHarness.Every("high", Ten) with { Priority = Priority.High },
            EngineHarness.Every("medium", Ten) with { Priority = Priority.Medium },
            EngineHarness.Every("low", Ten) with { Priority = Priority.Low },
            EngineHarness.Every("dependant", Ten, "high") with { Priority = Priority.Critical }) with
        {
            Rhythm = new RhythmSettings { MaxConcurrency = 4, SampleEvery = TimeSpan.FromMinutes(1), CpuPressure = 60 },

            // Fixed intervals keep every fire on the 10-minute grid whatever the CPU; a one-sample window makes the
            // smoothed CPU the scripted one from the next sample on.
            Adaptive = new AdaptiveSettings { Enabled = false, Window = TimeSpan.FromMinutes(1), Hysteresis = 5 },
        };
        var time = new VirtualTimeProvider(EngineHarness.Monday9);
        var load = new ScriptedLoad(time);
        load.Set(cpu: 40);
        var script = new StepScript();
        await using var engine = await EngineHarness.StartAsync(file, time, script, load);

        // 0 min: calm, everything runs once (the dependant after 'high').
        await engine.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.That(file.Groups.Select(g => script.CallsOf(g.Name).Count), Has.All.EqualTo(1), "the calm start");

        // 10 and 20 min: CPU 75 > 60.
        load.Set(cpu: 75);
        await engine.AdvanceAsync(TimeSpan.FromMinutes(20));
        AssertShed(engine, from: 10, to: 20, "skipped: CPU 75 % > 60 %");
        Assert.That(script.CallsOf("critical"), Has.Count.EqualTo(3), "critical runs at 0, 10 and 20 min");

        // 30 and 40 min: CPU 57 is below 60 but not below 60 - 5, so the pressure holds.
        load.Set(cpu: 57);
        await engine.AdvanceAsync(TimeSpan.FromMinutes(20));
        AssertShed(engine, from: 30, to: 40, "skipped: CPU 57 %, under pressure until below 55 %");
        Assert.That(script.CallsOf("critical"), Has.Count.EqualTo(5), "critical runs at 30 and 40 min too");

        var waits = engine.History.Recent("dependant", 50).Where(r => r.ScheduledAt > Minute(5)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(script.CallsOf("dependant"), Has.Count.EqualTo(1), "a shed dependency is not a success");
            Assert.That(waits.Select(r => r.Outcome), Is.EqualTo(Enumerable.Repeat(RunOutcome.Waiting, 4)), "waiting at 10, 20, 30 and 40 min, never failed");
            Assert.That(waits.Select(r => r.Reason), Has.All.StartWith("waiting for 'high'"));
            Assert.That(engine.States.Get("dependant").IsWaiting, Is.True);
        });

        // 50 min: CPU 50 < 55, everything runs again and the dependant is released by 'high'.
        load.Set(cpu: 50);
        await engine.AdvanceAsync(TimeSpan.FromMinutes(10));
        var high = await engine.WaitForRunAsync("high", r => r.ScheduledAt == Minute(50), "high's run at 50 min");
        var dependant = await engine.WaitForRunAsync("dependant", r => r.Outcome == RunOutcome.Succeeded && r.StartedAt > Minute(45), "the dependant to be released");
        Assert.Multiple(() =>
        {
            Assert.That(high.Outcome, Is.EqualTo(RunOutcome.Succeeded));
            Assert.That(Shed.Select(g => script.CallsOf(g).Count), Has.All.EqualTo(2), "each shed group ran at 0 and 50 min");
            Assert.That(Shed.Select(g => engine.History.Recent(g, 50).Count(r => r.Outcome == RunOutcome.Skipped)), Has.All.EqualTo(4));
            Assert.That(dependant.StartedAt, Is.GreaterThanOrEqualTo(high.EndedAt!.Value));
            Assert.That(engine.States.Get("dependant").IsWaiting, Is.False);
        });
    }

    private static DateTimeOffset Minute(int minute) => EngineHarness.Monday9.AddMinutes(minute);

    private static void AssertShed(EngineHarness engine, int from, int to, string reason)
    {
        Assert.Multiple(() =>
        {
            foreach (var group in Shed)
            {
                var fires = engine.History.Recent(group, 50).Where(r => r.ScheduledAt >= Minute(from) && r.ScheduledAt <= Minute(to)).ToList();
                Assert.That(fires.Select(r => (r.Outcome, r.Reason)), Is.EqualTo(Enumerable.Repeat((RunOutcome.Skipped, (string?)reason), 2)), group);
            }
        });
    }
}
