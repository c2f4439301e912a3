using Microsoft.Extensions.DependencyInjection;
using Rhythm.History;
using Rhythm.Load;
using Rhythm.Model;
using Rhythm.Scheduling;
using Rhythm.Simulation;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Simulation;

/// <summary>The same jobs.json run for real (real clock, real store, scripted load) and simulated must give the same timeline.</summary>
[TestFixture]
internal sealed class SimulationAgreementTests : TempFolderFixture
{
    private static readonly TimeSpan Span = TimeSpan.FromSeconds(16);
    [Test]
    public async Task RealRunAndSimulation_SameFileAndLoad_SameRunsAtTheSameTimes()
    {
        var file = EngineHarness.File(Folder,
            EngineHarness.Every("fast", TimeSpan.FromSeconds(2)) with { Priority = Priority.Critical },
            EngineHarness.Every("after-fast", TimeSpan.FromSeconds(3), "fast"),
            EngineHarness.Every("slow", TimeSpan.FromSeconds(5)) with { Priority = Priority.Low }) with
        {
            // A 2.5 s window always holds exactly three 1 s samples, whatever the real timer's jitter.
            Rhythm = new RhythmSettings { MaxConcurrency = 4, SampleEvery = TimeSpan.FromSeconds(1), MemoryPressure = 60 },
            Adaptive = new AdaptiveSettings { Window = TimeSpan.FromSeconds(2.5) },
        };
        await File.WriteAllTextAsync(file.SourcePath, "{}");

        // Idle at first (intervals x0.8), busy from the 6th timed sample (x1.5), memory pressure from the 9th (low and
        // medium are shed). The real load is scripted by sample, not by clock, so a timer a loaded machine fires late
        // still reads the value the simulation reads at that sample's time.
        var samples = 0;
        var real = await RunForReal(file, _ =>
        {
            var sample = Interlocked.Increment(ref samples) - 1;
            return (sample < 6 ? 10 : 90, sample < 9 ? 40 : 70);
        });

        // The simulated clock starts where the real engine did: at its first fire, after start-up work. Both sample
        // once as the schedule starts and then every second from there.
        var from = real.Min(r => r.ScheduledAt!.Value);
        var simulated = await RhythmSimulator.RunAsync(file, new SimulationOptions
        {
            From = from,
            Duration = Span,
            Load = LoadProfile.FromPoints("scripted", [(from, 10, 40), (from.AddSeconds(5.5), 90, 40), (from.AddSeconds(8.5), 90, 70)]),
        });

        // Fires on each group's own rhythm are compared, from the first second on: whether a dependant due at the
        // very moment its dependency is waits for it first is a race in the real engine. A real timer fires a few
        // milliseconds late and a re-timing keeps that phase, so times agree to within a tolerance.
        var simulatedRuns = simulated.Events.Where(e => e.Kind == "skip" || (e.Kind == "run" && e.Detail == "schedule"))
            .Select(e => (Group: e.Group!, e.Kind, At: e.ScheduledAt!.Value)).Where(e => e.At >= from.AddSeconds(1)).ToList();
        var realRuns = real.Where(r => r.Cause == RunCause.Schedule && r.Outcome != RunOutcome.Waiting)
            .Select(r => (r.Group, Kind: Kind(r.Outcome), At: r.ScheduledAt!.Value))
            .Where(r => r.At >= from.AddSeconds(1) && r.At < from + Span - TimeSpan.FromSeconds(0.5)).ToList();
        foreach (var group in new[] { "fast", "after-fast", "slow" })
        {
            var expected = realRuns.Where(r => r.Group == group).ToList();
            var actual = simulatedRuns.Where(r => r.Group == group && r.At < from + Span - TimeSpan.FromSeconds(0.5)).ToList();
            var trace = $"real: {Describe(expected, from)}; simulated: {Describe(actual, from)}";
            Assert.That(actual.Select(a => a.Kind), Is.EqualTo(expected.Select(e => e.Kind)), $"group '{group}': {trace}");
            Assert.That(actual.Zip(expected, (a, e) => Math.Abs((a.At - e.At).TotalSeconds)), Has.All.LessThan(0.3), $"group '{group}': {trace}");
        }

        Assert.That(simulated.Skips, Is.GreaterThan(0), "the scenario reaches memory pressure");
    }

    private static async Task<IReadOnlyList<RunRecord>> RunForReal(JobsFile file, Func<DateTimeOffset, (double, double)> load)
    {
        var sampler = new ScriptedLoad(TimeProvider.System) { Profile = at => load(at) };
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
        await Task.Delay(Span + TimeSpan.FromSeconds(1));
        await engine.StopAsync(CancellationToken.None);
        return services.GetRequiredService<RunHistory>().Recent(null, 10_000, withSteps: false).Reverse().ToList();
    }

    private static string Describe(IEnumerable<(string Group, string Kind, DateTimeOffset At)> runs, DateTimeOffset from)
        => string.Join(", ", runs.Select(r => $"{r.Kind} +{(r.At - from).TotalSeconds:0.00}s"));

    private static string Kind(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Waiting => "wait",
        RunOutcome.Skipped => "skip",
        _ => "run",
    };
}
