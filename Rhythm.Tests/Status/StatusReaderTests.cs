using Rhythm.History;
using Rhythm.Model;
using Rhythm.Status;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Status;

/// <summary>What <c>rhythm status</c> reads from the store while an engine runs it.</summary>
[TestFixture]
internal sealed class StatusReaderTests : TempFolderFixture
{
    [Test]
    public async Task SkippedUnderPressure_StatusShowsTheSkipAndWhy_UntilTheGroupRunsAgain()
    {
        var file = EngineHarness.File(Folder, EngineHarness.Every("medium", TimeSpan.FromMinutes(10))) with
        {
            Rhythm = new RhythmSettings { MaxConcurrency = 4, SampleEvery = TimeSpan.FromMinutes(1) },
            Adaptive = new AdaptiveSettings { Window = TimeSpan.FromMinutes(1) },
        };
        var time = new Rhythm.Simulation.VirtualTimeProvider(EngineHarness.Monday9);
        var load = new ScriptedLoad(time);
        load.Set(cpu: 40, memory: 67);
        await using var engine = await EngineHarness.StartAsync(file, time, load: load);
        await engine.AdvanceAsync(TimeSpan.FromMinutes(15));

        var skipped = StatusReader.Read(file);
        var medium = skipped.Groups.Single();
        Assert.Multiple(() =>
        {
            Assert.That(medium.SkipReason, Is.EqualTo("skipped: memory 67 % > 60 %"));
            Assert.That(medium.LastSkippedAt, Is.EqualTo(EngineHarness.Monday9.AddMinutes(10)), "the newest skip, at its due time");
            Assert.That(medium.LastOutcome, Is.Null, "it has not run");
            Assert.That(skipped.HostPid, Is.Null, "read from the store, not from a host");
        });

        load.Set(cpu: 40, memory: 40);
        await engine.AdvanceAsync(TimeSpan.FromMinutes(10));
        await engine.WaitForRunAsync("medium", r => r.Outcome == RunOutcome.Succeeded, "medium to run once memory is back");

        var ran = StatusReader.Read(file).Groups.Single();
        Assert.Multiple(() =>
        {
            Assert.That(ran.SkipReason, Is.Null, "a run since the skip");
            Assert.That(ran.LastSkippedAt, Is.Null);
            Assert.That(ran.LastOutcome, Is.EqualTo("succeeded"));
        });
    }
}
