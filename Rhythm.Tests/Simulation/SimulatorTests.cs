using Rhythm.Model;
using Rhythm.Simulation;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Simulation;

/// <summary>The seed's five groups (the shipped jobs.json) simulated for a day under known load.</summary>
[TestFixture]
internal sealed class SimulatorTests : TempFolderFixture
{
    private static readonly DateTimeOffset Midnight = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
    private static JobsFile Shipped => JobsFileReader.Read(Path.Combine(RepositoryRoot(), "jobs.json")).GetFileOrThrow();

    [TestCase("idle", 0.8)]
    [TestCase("busy", 1.5)]
    public async Task Day_FlatProfile_EveryGroupRunsOnItsScaledInterval(string profile, double factor)
    {
        var result = await Simulate(LoadProfile.Named(profile, TimeZoneInfo.Utc));

        foreach (var (group, minutes) in new[] { ("health-check", 10), ("performance", 30), ("maintenance", 60), ("event-analysis", 120) })
        {
            var interval = minutes * factor;
            var expected = Enumerable.Range(0, (int)Math.Ceiling(1440 / interval)).Select(i => i * interval).Where(m => m < 1440).ToList();
            Assert.That(RunMinutes(result, group), Is.EqualTo(expected), $"{group} under {profile}");
        }

        Assert.That(RunMinutes(result, "daily-routine"), Is.EqualTo(new[] { 180.0 }), "daily at 03:00, after maintenance succeeded");
        Assert.That(result.Skips, Is.Zero);
    }

    [Test]
    public async Task Day_StartUp_EachGroupRunsOnceAfterItsDependencies()
    {
        var result = await Simulate(LoadProfile.Named("idle", TimeZoneInfo.Utc));

        var runs = result.Events.Where(e => e.At == Midnight && e.Kind == "run").Select(e => e.Group!).ToList();
        var waits = result.Events.Where(e => e.At == Midnight && e.Kind == "wait").ToDictionary(e => e.Group!, e => e.Detail);
        Assert.Multiple(() =>
        {
            Assert.That(runs, Is.EquivalentTo(new[] { "health-check", "performance", "maintenance", "event-analysis" }), "each runs once at start-up");
            Assert.That(runs.IndexOf("health-check"), Is.LessThan(runs.IndexOf("performance")));
            Assert.That(runs.IndexOf("performance"), Is.LessThan(runs.IndexOf("maintenance")));
            Assert.That(runs.IndexOf("performance"), Is.LessThan(runs.IndexOf("event-analysis")));
            // Groups due at the same instant start on several threads, so a dependant may find its dependency done
            // or wait for it; either way it runs once, after it, and a wait names what it waits for.
            Assert.That(waits.Keys, Is.SubsetOf(new[] { "performance", "maintenance", "event-analysis" }));
            Assert.That(waits.GetValueOrDefault("performance", "waiting for 'health-check' (no success yet)"), Is.EqualTo("waiting for 'health-check' (no success yet)"));
        });
    }

    [Test]
    public async Task Day_RisingAndFallingLoad_HealthCheckFollowsTheBands()
    {
        var csv = Folder.File("profile.csv");
        await File.WriteAllTextAsync(csv, "time,cpu,memory\n00:00,10,40\n06:00,45,40\n12:00,85,40\n18:00,45,40\n");
        var result = await Simulate(LoadProfile.FromCsv(csv, TimeZoneInfo.Utc));

        var health = RunMinutes(result, "health-check");
        var bands = result.Events.Where(e => e.Kind == "band").Select(e => (e.At - Midnight).TotalMinutes).ToList();
        Assert.Multiple(() =>
        {
            // The smoothed CPU (a 1 min window of 15 s samples) crosses each threshold one or two samples after the step.
            Assert.That(bands, Is.EqualTo(new[] { 0, 360.25, 720.5, 1080.5 }));
            Assert.That(health.Where(m => m < 360), Has.All.Matches<double>(m => m % 8 == 0), "idle: every 8 min");
            // A band change re-times from the last run: 06:00 ran on the idle rhythm, so the next is 06:00 + 10 min.
            Assert.That(health.SkipWhile(m => m < 352).Take(3), Is.EqualTo(new[] { 352.0, 360, 370 }), "normal from 06:00:15");
            Assert.That(health.SkipWhile(m => m < 710).Take(3), Is.EqualTo(new[] { 710.0, 720, 735 }), "busy from 12:00:30");
            Assert.That(health.SkipWhile(m => m < 1065).Take(3), Is.EqualTo(new[] { 1065.0, 1080, 1090 }), "normal from 18:00:30");
            Assert.That(health.Where(m => m >= 735 && m <= 1080), Has.All.Matches<double>(m => (m - 735) % 15 == 0), "busy: every 15 min");
            Assert.That(result.Events.Count(e => e.Kind == "retime" && e.Group == "health-check"), Is.EqualTo(3), "the first band is in force before the first trigger is built");
        });
    }

    [Test]
    public async Task Day_ShippedFile_SimulatesWellUnderTwoSeconds()
    {
        var result = await Simulate(LoadProfile.Named("workday", TimeZoneInfo.Utc));

        TestContext.Out.WriteLine($"simulated a day in {result.Elapsed.TotalMilliseconds:0} ms ({result.Runs} runs)");
        Assert.That(result.Runs, Is.GreaterThan(150));
    }

    private static List<double> RunMinutes(SimulationResult result, string group)
        => result.Events.Where(e => e.Kind == "run" && e.Group == group).Select(e => (e.ScheduledAt!.Value - Midnight).TotalMinutes).ToList();

    private static Task<SimulationResult> Simulate(LoadProfile load)
        => RhythmSimulator.RunAsync(Shipped, new SimulationOptions { From = Midnight, Duration = TimeSpan.FromHours(24), Load = load, TimeZone = TimeZoneInfo.Utc });

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Rhythm.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new DirectoryNotFoundException("Rhythm.sln not found above " + AppContext.BaseDirectory);
    }
}
