using Microsoft.Extensions.DependencyInjection;
using Rhythm.History;
using Rhythm.Model;
using Rhythm.Simulation;
using Rhythm.Store;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Engine;

/// <summary><c>rhythm.keepMetrics</c> and <c>keepHistory</c> on the real engine: its hourly prune pass, on virtual time.</summary>
[TestFixture]
internal sealed class RetentionTests : TempFolderFixture
{
    [Test]
    public async Task HoursPass_SamplesAndRunsPastRetentionArePrunedHourlyRecentOnesStay()
    {
        var start = EngineHarness.Monday9;
        var file = EngineHarness.File(Folder, EngineHarness.Every("ten", TimeSpan.FromMinutes(10))) with
        {
            Rhythm = new RhythmSettings
            {
                MaxConcurrency = 4,
                SampleEvery = TimeSpan.FromMinutes(1),
                KeepMetrics = TimeSpan.FromHours(2),
                KeepHistory = TimeSpan.FromHours(3),
            },
        };
        var time = new VirtualTimeProvider(start);
        await using var engine = await EngineHarness.StartAsync(file, time);

        // Passes at start and then each hour on the sample that completes it: 0:00, 1:00, 2:00, 3:00, 4:00.
        await engine.AdvanceAsync(TimeSpan.FromHours(3) + TimeSpan.FromMinutes(30));
        var (samplesAt330, runsAt330) = (Samples(engine), Runs(engine));
        await engine.AdvanceAsync(TimeSpan.FromMinutes(40));

        var samples = Samples(engine);
        var runs = Runs(engine);
        Assert.Multiple(() =>
        {
            // At 3:30 the 3:00 pass has removed the samples before 1:00 and no run yet (cut-off 0:00).
            Assert.That(samplesAt330[0], Is.EqualTo(start.AddHours(1)), "oldest sample after the 3:00 pass");
            Assert.That(samplesAt330, Has.Count.EqualTo(151), "every minute from 1:00 to 3:30");
            Assert.That(runsAt330[0], Is.EqualTo(start), "no run is older than keepHistory at 3:00");

            // At 4:10 the 4:00 pass has cut samples at 2:00 and runs at 1:00; everything since is kept.
            Assert.That(samples[0], Is.EqualTo(start.AddHours(2)), "oldest sample after the 4:00 pass");
            Assert.That(samples, Has.Count.EqualTo(131), "every minute from 2:00 to 4:10");
            Assert.That(samples[^1], Is.EqualTo(time.GetUtcNow()));
            Assert.That(runs[0], Is.EqualTo(start.AddHours(1)), "oldest run after the 4:00 pass");
            Assert.That(runs, Has.Count.EqualTo(20), "every 10 min from 1:00 to 4:10");
        });
    }

    private static List<DateTimeOffset> Samples(EngineHarness engine)
    {
        using var connection = engine.Services.GetRequiredService<RhythmStore>().Open();
        return MetricsRecorder.Since(connection, since: null, limit: 100_000).Select(p => p.At).ToList();
    }

    private static List<DateTimeOffset> Runs(EngineHarness engine)
        => engine.History.Recent("ten", 100_000).Select(r => r.ScheduledAt!.Value).OrderBy(at => at).ToList();
}
