using BenchmarkDotNet.Attributes;
using Rhythm.Adaptive;
using Rhythm.Dependencies;
using Rhythm.Model;
using Rhythm.Pressure;
using Rhythm.Store;

namespace Rhythm.Bench;

/// <summary>
/// The checks the run gate makes on every fire before a group may start: is it shed under pressure, and have its
/// dependencies succeeded since its previous start. Group state is read from memory; the store only backs it.
/// </summary>
[MemoryDiagnoser]
public class DependencyGateBenchmarks : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private string? _folder;
    private DependencyGate? _gate;
    private PressurePolicy? _pressure;
    private GroupDefinition? _allMet;
    private GroupDefinition? _oneMissing;
    private LoadState? _normal;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "rhythm-bench-gate-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        var store = new RhythmStore(Path.Combine(_folder, "rhythm.db"));
        store.Initialize();
        var states = new GroupStateStore(store);
        foreach (var name in (string[])["health-check", "performance", "maintenance"])
        {
            states.MarkStarted(name, Now.AddMinutes(-2));
            states.MarkFinished(name, "succeeded", succeeded: true, Now.AddMinutes(-1));
        }

        states.MarkStarted("report", Now.AddMinutes(-10));
        states.MarkStarted("stale", Now);
        _gate = new DependencyGate(states);
        _allMet = Group("report", "health-check", "performance", "maintenance");
        _oneMissing = Group("stale", "health-check", "performance", "maintenance");
        _pressure = new PressurePolicy(new RhythmSettings { CpuPressure = 85 }, new AdaptiveSettings());
        _normal = new LoadState(Now, 40, 30, 42, 31, LoadBand.Normal, 1.0);
    }

    /// <summary>The common case: three dependencies, all succeeded since the group's last start.</summary>
    [Benchmark(Baseline = true)]
    public string? GateAllMet() => _gate!.WaitReason(_allMet!);

    /// <summary>The group must wait: builds the reason that goes into history.</summary>
    [Benchmark]
    public string? GateOneMissing() => _gate!.WaitReason(_oneMissing!);

    /// <summary>The pressure check for a medium group under normal load.</summary>
    [Benchmark]
    public string? PressureSkipReason() => _pressure!.SkipReason(Priority.Medium, _normal!);

    [GlobalCleanup]
    public void Dispose()
    {
        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
            _folder = null;
        }

        GC.SuppressFinalize(this);
    }

    private static GroupDefinition Group(string name, params string[] after) => new()
    {
        Name = name,
        Schedule = new EverySchedule(TimeSpan.FromMinutes(10)),
        After = after,
        Steps = [new StepDefinition { Name = "work", Run = "builtin:health" }],
    };
}
