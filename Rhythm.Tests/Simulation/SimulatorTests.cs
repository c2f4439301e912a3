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

    /// <summary>The seed's five groups as jobs.json has them, listed after their dependencies.</summary>
    private static readonly ExpectedRhythm.Group[] Seed =
    [
        ExpectedRhythm.Group.Interval("health-check", TimeSpan.FromMinutes(10)),
        ExpectedRhythm.Group.Interval("performance", TimeSpan.FromMinutes(30), "health-check"),
        ExpectedRhythm.Group.Interval("maintenance", TimeSpan.FromMinutes(60), "performance"),
        ExpectedRhythm.Group.Interval("event-analysis", TimeSpan.FromMinutes(120), "performance"),
        ExpectedRhythm.Group.Daily("daily-routine", TimeSpan.FromHours(3), "maintenance"),
    ];

    [TestCase("idle", 0.8)]
    [TestCase("busy", 1.5)]
    public async Task Day_FlatProfile_EveryGroupStartsWhenTheRulesSay(string profile, double factor)
    {
        var result = await Simulate(LoadProfile.Named(profile, TimeZoneInfo.Utc));

        // The first sample puts the machine in its band before the first trigger is built, so the day starts on it.
        var expected = ExpectedRhythm.Play(Seed, [new ExpectedRhythm.Band(TimeSpan.Zero, factor)], TimeSpan.FromHours(24));
        AssertStarts(result, expected);
        Assert.Multiple(() =>
        {
            Assert.That(BandChanges(result), Is.EqualTo(new[] { 0.0 }), $"{profile} from the first sample on");
            Assert.That(result.Skips, Is.Zero);
        });
    }

    [Test]
    public void ExpectedRhythm_ShippedRules_ReadAsTheReadmeSays()
    {
        // A check of the expectation itself against figures worked out by hand from the README.
        var idle = ExpectedRhythm.Play(Seed, [new ExpectedRhythm.Band(TimeSpan.Zero, 0.8)], TimeSpan.FromHours(24));
        var busy = ExpectedRhythm.Play(Seed, [new ExpectedRhythm.Band(TimeSpan.Zero, 1.5)], TimeSpan.FromHours(24));
        Assert.Multiple(() =>
        {
            Assert.That(Minutes(idle.Starts["health-check"]).Take(4), Is.EqualTo(new[] { 0.0, 8, 16, 24 }), "10 min x0.8");
            Assert.That(Minutes(idle.Starts["performance"]).Take(3), Is.EqualTo(new[] { 0.0, 24, 48 }), "30 min x0.8");
            Assert.That(Minutes(idle.Starts["maintenance"]).Take(3), Is.EqualTo(new[] { 0.0, 48, 96 }), "60 min x0.8");
            Assert.That(Minutes(idle.Starts["event-analysis"]), Is.EqualTo(new[] { 0.0, 96, 192, 288, 384, 480, 576, 672, 768, 864, 960, 1056, 1152, 1248, 1344 }), "120 min x0.8, 15 in a day");
            Assert.That(Minutes(busy.Starts["health-check"]), Has.Count.EqualTo(96).And.All.Matches<double>(m => m % 15 == 0), "10 min x1.5");
            Assert.That(Minutes(busy.Starts["event-analysis"]), Is.EqualTo(new[] { 0.0, 180, 360, 540, 720, 900, 1080, 1260 }), "120 min x1.5");
            Assert.That(Minutes(busy.Starts["daily-routine"]), Is.EqualTo(new[] { 180.0 }), "at 03:00, maintenance having succeeded at 01:30");
            Assert.That(idle.Waits, Is.Empty, "each dependency runs more often than its dependants, so nothing waits");
        });
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
    public async Task Day_RisingAndFallingLoad_EveryGroupFollowsTheBands()
    {
        var csv = Folder.File("profile.csv");
        await File.WriteAllTextAsync(csv, "time,cpu,memory\n00:00,10,40\n06:00,45,40\n12:00,85,40\n18:00,45,40\n");
        var result = await Simulate(LoadProfile.FromCsv(csv, TimeZoneInfo.Utc));

        // The smoothed CPU is the mean of the samples of the last minute (four, 15 s apart). At 06:00 it is
        // (10+10+10+45)/4 = 18.75, still idle; at 06:00:15 27.5 is above 20 + 5 of hysteresis: normal. At 12:00 55, at
        // 12:00:15 65, at 12:00:30 75 > 70: busy. At 18:00 75, at 18:00:15 65 (busy holds down to 70 - 5), at
        // 18:00:30 55: normal.
        Assert.That(BandChanges(result), Is.EqualTo(new[] { 0, 360.25, 720.5, 1080.5 }));
        var expected = ExpectedRhythm.Play(
            Seed,
            [
                new ExpectedRhythm.Band(TimeSpan.Zero, 0.8),
                new ExpectedRhythm.Band(TimeSpan.FromMinutes(360.25), 1),
                new ExpectedRhythm.Band(TimeSpan.FromMinutes(720.5), 1.5),
                new ExpectedRhythm.Band(TimeSpan.FromMinutes(1080.5), 1),
            ],
            TimeSpan.FromHours(24));
        AssertStarts(result, expected);

        // Around each band change, worked out by hand: a re-timed group counts its new interval from its last start.
        Assert.Multiple(() =>
        {
            Assert.That(Around(result, "health-check", 352, 370), Is.EqualTo(new[] { 352.0, 360, 370 }), "06:00 ran on the idle rhythm; 06:00 + 10");
            Assert.That(Around(result, "health-check", 710, 735), Is.EqualTo(new[] { 710.0, 720, 735 }), "12:00 + 15");
            Assert.That(Around(result, "health-check", 1065, 1090), Is.EqualTo(new[] { 1065.0, 1080, 1090 }), "18:00 + 10");
            Assert.That(Around(result, "performance", 336, 390), Is.EqualTo(new[] { 336.0, 360, 390 }), "06:00 + 30");
            Assert.That(Around(result, "performance", 690, 765), Is.EqualTo(new[] { 690.0, 720, 765 }), "12:00 + 45");
            Assert.That(Around(result, "performance", 1035, 1110), Is.EqualTo(new[] { 1035.0, 1080, 1110 }), "18:00 + 30");
            Assert.That(Around(result, "maintenance", 288, 396), Is.EqualTo(new[] { 288.0, 336, 396 }), "05:36 + 60, not 06:24");
            Assert.That(Around(result, "maintenance", 636, 786), Is.EqualTo(new[] { 636.0, 696, 786 }), "11:36 + 90");
            Assert.That(Around(result, "maintenance", 966, 1116), Is.EqualTo(new[] { 966.0, 1056, 1116 }), "17:36 + 60");
            Assert.That(Around(result, "event-analysis", 192, 408), Is.EqualTo(new[] { 192.0, 288, 408 }), "04:48 + 120, not 06:24");
            Assert.That(Around(result, "event-analysis", 528, 828), Is.EqualTo(new[] { 528.0, 648, 828 }), "10:48 + 180");
            Assert.That(Around(result, "event-analysis", 1008, 1128), Is.EqualTo(new[] { 1008.0, 1128 }), "16:48 + 120");
            Assert.That(StartMinutes(result, "daily-routine"), Is.EqualTo(new[] { 180.0 }), "at 03:00 in any band");
            Assert.That(result.Events.Count(e => e.Kind == "retime" && e.Group == "health-check"), Is.EqualTo(3), "the first band is in force before the first trigger is built");
            Assert.That(result.Skips, Is.Zero);
        });
    }

    [Test]
    public async Task Day_ShippedFile_SimulatesWellUnderTwoSeconds()
    {
        var result = await Simulate(LoadProfile.Named("workday", TimeZoneInfo.Utc));

        TestContext.Out.WriteLine($"simulated a day in {result.Elapsed.TotalMilliseconds:0} ms ({result.Runs} runs)");
        Assert.That(result.Runs, Is.GreaterThan(150));
    }

    /// <summary>Every group's run starts as the rules expect, and no wait but the start-up race.</summary>
    private static void AssertStarts(SimulationResult result, ExpectedRhythm.Timeline expected)
    {
        Assert.Multiple(() =>
        {
            foreach (var (group, starts) in expected.Starts)
            {
                var actual = StartMinutes(result, group);
                var wanted = Minutes(starts);
                var first = Enumerable.Range(0, Math.Max(actual.Count, wanted.Count)).FirstOrDefault(i => i >= actual.Count || i >= wanted.Count || actual[i] != wanted[i], -1);
                Assert.That(actual, Is.EqualTo(wanted), $"{group}: first difference at run {first}: simulated {At(actual, first)}, expected {At(wanted, first)}");
            }

            // Groups due together at start-up start on several threads, so a dependant may find its dependency done or
            // wait for it (see Day_StartUp_EachGroupRunsOnceAfterItsDependencies); any other wait must be expected.
            var waits = result.Events.Where(e => e.Kind == "wait" && e.At != Midnight).Select(e => (e.Group!, e.At - Midnight));
            Assert.That(waits, Is.EqualTo(expected.Waits), "waits after start-up");
            Assert.That(result.Events.Where(e => e.Kind == "run" && e.Detail == "schedule").Select(e => e.ScheduledAt), Is.EqualTo(result.Events.Where(e => e.Kind == "run" && e.Detail == "schedule").Select(e => (DateTimeOffset?)e.At)), "steps take no time, so a run starts when it is due");
            Assert.That(result.Events.Where(e => e.Kind == "stall"), Is.Empty, "the engine never stood still with work due");
        });
    }

    private static string At(List<double> minutes, int index)
        => index < 0 ? "-" : index < minutes.Count ? TimeSpan.FromMinutes(minutes[index]).ToString(@"hh\:mm\:ss") : "none";

    private static List<double> StartMinutes(SimulationResult result, string group)
        => result.Events.Where(e => e.Kind == "run" && e.Group == group).Select(e => (e.At - Midnight).TotalMinutes).ToList();

    private static List<double> Around(SimulationResult result, string group, double from, double to)
        => StartMinutes(result, group).Where(m => m >= from && m <= to).ToList();

    private static List<double> Minutes(IEnumerable<TimeSpan> times) => times.Select(t => t.TotalMinutes).ToList();

    private static List<double> BandChanges(SimulationResult result)
        => result.Events.Where(e => e.Kind == "band").Select(e => (e.At - Midnight).TotalMinutes).ToList();

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
