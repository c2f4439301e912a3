using Rhythm.Simulation;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Simulation;

/// <summary>A simulated band change reads as the host's log line would: never "CPU 70 %" for a move above 70.</summary>
[TestFixture]
internal sealed class SimulatedBandChangeTests : TempFolderFixture
{
    [TestCase(70.3, "normal -> busy: CPU 70.3 %, memory 40 %")]
    [TestCase(19.7, "normal -> idle: CPU 19.7 %, memory 40 %")]
    [TestCase(85, "normal -> busy: CPU 85 %, memory 40 %")]
    public async Task BandChange_CpuJustPastTheThreshold_ShowsTenths(double cpu, string expected)
    {
        var file = EngineHarness.File(Folder, EngineHarness.Every("ten", TimeSpan.FromMinutes(10)));

        var result = await RhythmSimulator.RunAsync(file, new SimulationOptions
        {
            From = EngineHarness.Monday9,
            Duration = TimeSpan.FromMinutes(5),
            Load = LoadProfile.Flat(cpu, 40),
            TimeZone = TimeZoneInfo.Utc,
        });

        Assert.That(result.Events.Where(e => e.Kind == "band").Select(e => e.Detail), Is.EqualTo(new[] { expected }));
    }
}
