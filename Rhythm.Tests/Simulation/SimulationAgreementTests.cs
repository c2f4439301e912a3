using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Rhythm.History;
using Rhythm.Load;
using Rhythm.Model;
using Rhythm.Scheduling;
using Rhythm.Simulation;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Simulation;

/// <summary>
/// The shipped jobs.json, with 10 minutes made 2 seconds, run for real (real clock, real SQLite store, scripted load)
/// and simulated must give the same timeline: every run, wait, skip and dependency release, at the same times.
/// </summary>
/// <remarks>
/// The real side is the engine in this process, as <c>rhythm run</c> hosts it, rather than the <c>rhythm</c> program:
/// the program samples the machine's own /proc, and a load the test cannot script would make the comparison depend on
/// whatever else the machine is doing.
/// </remarks>
[TestFixture]
internal sealed class SimulationAgreementTests : TempFolderFixture
{
    private static readonly TimeSpan Span = TimeSpan.FromSeconds(98);

    /// <summary>
    /// How far a real time may be from its simulated one. A fire Quartz computes from the phase (every fire on a
    /// group's own rhythm, and every wait or skip) carries the same due time on both sides, give or take the few
    /// milliseconds by which each group's first fire is re-based after the warm-up. Two kinds happen when
    /// something real happens: a fire a re-timing places "now" happens when the real sample that changed the band is
    /// taken, which is the sampling timer's offset from the first fire (the rest of start-up, milliseconds) plus its
    /// lateness; a dependant released by a dependency starts when that run has committed. Both are tens of
    /// milliseconds on a loaded machine. The scenario keeps every sample that changes a band or the pressure at
    /// least 0.4 s from any fire it could change, so a real run within this tolerance took the same branch as the
    /// simulation.
    /// </summary>
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(0.4);

    /// <summary>The samples at which the pressure starts or ends (see <see cref="Scripted"/>), which daily-routine's time must avoid.</summary>
    private static readonly int[] PressureChanges = [26, 58, 78, 87];

    [Test]
    public async Task RealRunAndSimulation_ShippedGroupsOnSecondScale_SameTimeline()
    {
        // daily-routine runs at a time of day, so its minute is placed where the load says clearly whether it runs.
        var (at, expectedAt) = await DailyTimeAwayFromPressureChangesAsync();
        var file = SecondScale(at);
        await File.WriteAllTextAsync(file.SourcePath, "{}");

        // Quartz re-bases a trigger that is already late when first acquired to that moment (its misfire
        // instruction), one group after the other, so a cold start-up (code compiled, a store created) puts each group
        // of the real run a little out of phase with the others; the simulated clock stands still meanwhile and
        // starts them all together. A first engine on a throwaway store does that one-off work beforehand.
        var warmUp = SecondScale(at) with { SourcePath = Path.Combine(Folder.Path, "warm-up", "jobs.json") };
        Directory.CreateDirectory(Path.GetDirectoryName(warmUp.SourcePath)!);
        await File.WriteAllTextAsync(warmUp.SourcePath, "{}");
        await RunForReal(warmUp, new ConcurrentDictionary<int, DateTimeOffset>(), TimeSpan.FromSeconds(1));

        var samples = new ConcurrentDictionary<int, DateTimeOffset>();
        var real = await RunForReal(file, samples, Span + TimeSpan.FromSeconds(1));

        // The simulated clock starts where the real engine built its schedule: every new group's first fire.
        var from = real.Where(r => r.Cause == RunCause.Schedule).Min(r => r.ScheduledAt!.Value);
        var simulated = await RhythmSimulator.RunAsync(file, new SimulationOptions
        {
            From = from,
            Duration = Span,
            Load = LoadProfile.FromPoints("scripted", Enumerable.Range(0, (int)Span.TotalSeconds + 1)
                .Select(k => (from.AddSeconds(k - 0.5), Scripted(k).Cpu, Scripted(k).Memory)).ToList()),
            TimeZone = TimeZoneInfo.Local,
        });

        var realTimeline = Normalise(real.Where(r => r.Outcome != RunOutcome.Running).Select(r => new Entry(
            r.Group, Kind(r.Outcome), r.Cause == RunCause.Dependency ? "dependency" : "schedule",
            (r.Cause == RunCause.Dependency ? r.StartedAt!.Value : r.ScheduledAt!.Value) - from)));
        var simulatedTimeline = Normalise(simulated.Events.Where(e => e.Kind is "run" or "wait" or "skip").Select(e => new Entry(
            e.Group!, e.Kind, e.Kind == "run" ? e.Detail : "schedule", (e.Detail == "dependency" ? e.At : e.ScheduledAt!.Value) - from)));

        var offsets = samples.Where(s => s.Key > 0).Select(s => (s.Value - from - TimeSpan.FromSeconds(s.Key)).TotalMilliseconds).ToList();
        var phases = real.Where(r => r.Cause == RunCause.Schedule && r.Group != "daily-routine").GroupBy(r => r.Group)
            .Select(g => $"{g.Key} +{(g.Min(r => r.ScheduledAt!.Value) - from).TotalMilliseconds:0} ms");
        TestContext.Out.WriteLine($"{samples.Count} samples, {offsets.Min():0} to {offsets.Max():0} ms after the simulated ones; first fires {string.Join(", ", phases)}; daily-routine at +{(expectedAt - from).TotalSeconds:0.0} s");
        Assert.Multiple(() =>
        {
            foreach (var group in file.Groups.Select(g => g.Name))
            {
                var expected = simulatedTimeline.Where(e => e.Group == group).ToList();
                var actual = realTimeline.Where(e => e.Group == group).ToList();
                var trace = $"simulated: {Describe(expected)}\nreal:      {Describe(actual)}";
                Assert.That(actual.Select(e => (e.Kind, e.Cause)), Is.EqualTo(expected.Select(e => (e.Kind, e.Cause))), $"group '{group}', what happened:\n{trace}");
                var worst = actual.Zip(expected, (a, e) => (a.At - e.At).Duration()).DefaultIfEmpty().Max();
                TestContext.Out.WriteLine($"{group}: {actual.Count} entries, largest difference {worst.TotalMilliseconds:0} ms");
                Assert.That(worst, Is.LessThanOrEqualTo(Tolerance), $"group '{group}', when:\n{trace}");
            }

            // The scenario must reach every case it was built for, or agreement proves little.
            Assert.That(simulatedTimeline.Where(e => e.Kind == "wait" && e.At > TimeSpan.Zero).Select(e => e.Group), Is.EqualTo(new[] { "event-analysis" }), "a dependant waits after its dependency was shed");
            Assert.That(simulatedTimeline.Where(e => e.Cause == "dependency" && e.At > TimeSpan.Zero).Select(e => e.Group), Is.EqualTo(new[] { "event-analysis" }), "and is released by its next success");
            Assert.That(simulated.Events.Where(e => e.Kind == "skip").Select(e => e.Detail), Has.Some.StartsWith("skipped: CPU").And.Some.StartsWith("skipped: memory"));
            Assert.That(simulated.Events.Count(e => e.Kind == "band"), Is.EqualTo(5), "idle, normal, busy, normal, idle");
            Assert.That(simulatedTimeline.Where(e => e.Group == "daily-routine" && e.At > TimeSpan.Zero).Select(e => e.At), Is.EqualTo(new[] { expectedAt - from }), "daily-routine fires once, at its time");
            Assert.That(simulated.Events.Where(e => e.Kind == "stall"), Is.Empty);
        });
    }

    /// <summary>The load by sample: sample 0 is taken as the schedule starts, sample k about k seconds later.</summary>
    /// <remarks>
    /// The smoothing window holds three samples; with the 5 points of hysteresis that puts each change of band or
    /// pressure one or two samples after the change of load. Scripted by sample, not by clock, so a timer a loaded
    /// machine fires late still reads the value the simulation reads at that sample's time.
    /// </remarks>
    private static (double Cpu, double Memory) Scripted(int sample) => sample switch
    {
        < 14 => (10, 40), // idle: every interval x0.8
        < 24 => (45, 40), // normal from sample 15
        < 56 => (95, 40), // busy from 25; CPU pressure from 26 sheds all but health-check
        < 70 => (72, 40), // CPU pressure over at 58 (72 < 80 - 5) while still busy (72 >= 70 - 5): event-analysis waits
        < 76 => (45, 40), // normal at 70
        < 86 => (45, 70), // memory pressure from 78 sheds maintenance, event-analysis and daily-routine
        < 91 => (45, 40), // over at 87
        _ => (10, 40), // idle at 93
    };

    /// <summary>
    /// The shipped jobs.json with its names, dependencies, priorities and kinds of schedule, every interval divided by
    /// 300 (10 min is 2 s), daily-routine at <paramref name="at"/>, and each step one that succeeds at once, as a
    /// simulated step does.
    /// </summary>
    private JobsFile SecondScale(TimeOnly at)
    {
        var shipped = JobsFileReader.Read(Path.Combine(RepositoryRoot(), "jobs.json")).GetFileOrThrow();
        Assert.That(shipped.Groups.Select(g => g.Name), Is.EquivalentTo(new[] { "health-check", "performance", "maintenance", "daily-routine", "event-analysis" }));
        return shipped with
        {
            SourcePath = Folder.File("jobs.json"),
            Rhythm = shipped.Rhythm with { Store = "rhythm.db", SampleEvery = TimeSpan.FromSeconds(1), MemoryPressure = 60, CpuPressure = 80 },

            // A 2.5 s window holds exactly three 1 s samples, whatever the real timer's jitter.
            Adaptive = shipped.Adaptive with { Window = TimeSpan.FromSeconds(2.5) },
            Groups = shipped.Groups.Select(g => g with
            {
                Schedule = g.Schedule switch
                {
                    EverySchedule every => new EverySchedule(every.Interval / 300),
                    DailySchedule => new DailySchedule(at),
                    var other => throw new AssertionException($"the shipped file has a schedule this test does not scale: {other}"),
                },
                Steps = [new StepDefinition { Name = "work", Run = "builtin:scripted" }],
            }).ToList(),
        };
    }

    /// <summary>
    /// Waits, if need be, until the next whole minute falls at least 3 s from every sample that starts or ends
    /// pressure, and returns it as a local time of day and as an instant.
    /// </summary>
    private static async Task<(TimeOnly At, DateTimeOffset Instant)> DailyTimeAwayFromPressureChangesAsync()
    {
        // Start-up until the first fire takes well under a second; half a second is the estimate.
        var startUp = TimeSpan.FromSeconds(0.5);
        while (true)
        {
            var start = DateTimeOffset.UtcNow + startUp;
            var local = TimeZoneInfo.ConvertTime(start.AddSeconds(3), TimeZoneInfo.Local);
            var minute = new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, local.Offset).AddMinutes(1);
            var offset = (minute - start).TotalSeconds;
            if (PressureChanges.All(k => Math.Abs(offset - k) >= 3))
            {
                return (TimeOnly.FromTimeSpan(minute.TimeOfDay), minute);
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static async Task<IReadOnlyList<RunRecord>> RunForReal(JobsFile file, ConcurrentDictionary<int, DateTimeOffset> samples, TimeSpan length)
    {
        var count = -1;
        var sampler = new ScriptedLoad(TimeProvider.System)
        {
            Profile = at =>
            {
                var sample = Interlocked.Increment(ref count);
                samples[sample] = at;
                return Scripted(sample);
            },
        };
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(new StepScript())
            .AddSingleton<ILoadSampler>(sampler)
            .AddRhythm(o => o.JobsFile = file.SourcePath)
            .AddRhythmStep<ScriptedStep>("scripted")
            .BuildServiceProvider();
        services.GetRequiredService<RhythmModel>().Replace(file);
        var engine = services.GetRequiredService<RhythmEngine>();
        await engine.StartAsync(CancellationToken.None);
        await Task.Delay(length);
        await engine.StopAsync(CancellationToken.None);
        return services.GetRequiredService<RunHistory>().Recent(null, 10_000, withSteps: false).Reverse().ToList();
    }

    /// <summary>
    /// Orders by time and leaves out what the two sides cannot agree on: the last half second, which one side may
    /// have reached and the other not, and whether a dependant due at start-up, together with its dependency, found
    /// it done or waited for it. That is a race between threads in the real engine; either way it runs once, as soon
    /// as its dependency has (on a cold start-up that can be a second in), and that first run is compared as such.
    /// </summary>
    private static List<Entry> Normalise(IEnumerable<Entry> entries)
    {
        var kept = entries.Where(e => e.At < Span - TimeSpan.FromSeconds(0.5) && !(e.Kind == "wait" && e.At < Tolerance)).OrderBy(e => e.At).ToList();
        var firstRuns = kept.Where(e => e.Kind == "run" && e.Group != "daily-routine").GroupBy(e => e.Group).Select(g => g.First()).ToHashSet();
        return kept.Select(e => firstRuns.Contains(e) ? e with { Cause = "start-up", At = TimeSpan.Zero } : e).OrderBy(e => e.At).ToList();
    }

    private static string Describe(IEnumerable<Entry> entries)
        => string.Join(", ", entries.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Kind}{(e.Cause == "dependency" ? "(dep)" : string.Empty)} +{e.At.TotalSeconds:0.000}")));

    private static string Kind(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Waiting => "wait",
        RunOutcome.Skipped => "skip",
        _ => "run",
    };

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Rhythm.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new DirectoryNotFoundException("Rhythm.sln not found above " + AppContext.BaseDirectory);
    }

    private sealed record Entry(string Group, string Kind, string Cause, TimeSpan At);
}
