using Rhythm.Model;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Engine;

[TestFixture]
internal sealed class WallClockTests : TempFolderFixture
{
    [Test]
    public async Task DailyAt_NotAtStartUp_RunsAtItsWallClockTime()
    {
        var daily = EngineHarness.Every("daily", TimeSpan.FromDays(1)) with { Schedule = new DailySchedule(new TimeOnly(9, 5)) };
        var script = new StepScript();
        await using var engine = await EngineHarness.StartAsync(EngineHarness.File(Folder, daily), script: script);

        await engine.AdvanceAsync(TimeSpan.FromMinutes(10));

        Assert.That(script.CallsOf("daily").Select(c => c.ScheduledAt), Is.EqualTo(new[] { EngineHarness.Monday9.AddMinutes(5) }));
    }
}
