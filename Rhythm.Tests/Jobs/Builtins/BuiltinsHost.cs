using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rhythm.Adaptive;
using Rhythm.History;
using Rhythm.Jobs;
using Rhythm.Model;
using Rhythm.Scheduling;
using Rhythm.Steps;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Jobs.Builtins;

/// <summary>
/// Rhythm's real services (AddRhythm + AddRhythmJobs) on a real SQLite store in a temp folder: history is written
/// through the engine's own recorders, and the built-in steps are resolved the way the engine resolves them.
/// </summary>
internal sealed class BuiltinsHost : IDisposable
{
    // Declared before the groups that use it: static initialisers run in file order.
    private static readonly StepDefinition Work = new() { Name = "work", Run = "builtin:health" };

    private int _fires;

    public BuiltinsHost(TimeProvider time, RhythmSettings? settings = null, params GroupDefinition[] groups)
    {
        Time = time;
        Folder = new TempFolder();
        File = new JobsFile
        {
            SourcePath = Folder.File("jobs.json"),
            Groups = groups.Length > 0 ? groups : DefaultGroups,
            Rhythm = settings ?? new RhythmSettings(),
        };
        Services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(time)
            .AddRhythm(o => o.JobsFile = File.SourcePath)
            .AddRhythmJobs()
            .BuildServiceProvider();
        Services.GetRequiredService<RhythmModel>().Replace(File);
        Runs = Services.GetRequiredService<RunHistory>();
        Metrics = Services.GetRequiredService<MetricsRecorder>();
        History = Services.GetRequiredService<IRhythmHistory>();
    }

    /// <summary>The seed's five groups, as the shipped jobs.json has them.</summary>
    public static GroupDefinition[] DefaultGroups { get; } =
    [
        Group("health-check", TimeSpan.FromMinutes(10)),
        Group("performance", TimeSpan.FromMinutes(30), "health-check"),
        Group("maintenance", TimeSpan.FromMinutes(60), "performance"),
        new GroupDefinition { Name = "daily-routine", Schedule = new DailySchedule(new TimeOnly(3, 0)), After = ["maintenance"], Steps = [Work] },
        Group("event-analysis", TimeSpan.FromMinutes(120), "performance"),
    ];

    public TimeProvider Time { get; }

    public TempFolder Folder { get; }

    public JobsFile File { get; }

    public ServiceProvider Services { get; }

    public IRhythmHistory History { get; }

    public RunHistory Runs { get; }

    public MetricsRecorder Metrics { get; }

    public CapturingLogger Logger { get; } = new();

    public static GroupDefinition Group(string name, TimeSpan every, params string[] after) =>
        new() { Name = name, Schedule = new EverySchedule(every), After = after, Steps = [Work] };

    /// <summary>The step registered as <c>builtin:NAME</c>, as the engine's dispatcher finds it.</summary>
    public IRhythmStep Step(string name) => Services.GetRequiredKeyedService<IRhythmStep>(StepKeys.Builtin(name));

    /// <summary>Runs <c>builtin:NAME</c> with <paramref name="with"/> (JSON) as a step of the first group.</summary>
    public async Task<StepOutcome> RunAsync(string name, string? with = null, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        var step = new StepDefinition
        {
            Name = name,
            Run = StepKeys.Builtin(name),
            With = with is null ? null : JsonDocument.Parse(with).RootElement.Clone(),
        };
        var context = new StepContext(File.Groups[0], step, File, runId: 1, Time.GetUtcNow(), Logger, dryRun);
        return await Step(name).ExecuteAsync(context, cancellationToken);
    }

    /// <summary>Records a run the way GroupJob does: due at <paramref name="due"/>, started <paramref name="late"/> after, taking <paramref name="took"/>.</summary>
    public void Run(string group, DateTimeOffset due, TimeSpan late, TimeSpan took, RunOutcome outcome = RunOutcome.Succeeded, string? reason = null)
    {
        var started = due + late;
        var ended = started + took;
        var id = Runs.StartRunAsync(group, "fire-" + Interlocked.Increment(ref _fires), RunCause.Schedule, due, started).GetAwaiter().GetResult();
        var step = outcome == RunOutcome.Succeeded ? StepOutcome.Success() : StepOutcome.Failure(reason ?? "failed");
        Runs.RecordStepAsync(id, 0, "work", started, ended, step).GetAwaiter().GetResult();
        Runs.FinishRunAsync(id, outcome, reason, ended).GetAwaiter().GetResult();
    }

    /// <summary>Records a fire that waited for a dependency or was shed under pressure.</summary>
    public void NotRun(string group, DateTimeOffset at, RunOutcome outcome, string reason) =>
        Runs.RecordNotRun(group, "fire-" + Interlocked.Increment(ref _fires), RunCause.Schedule, at, at, outcome, reason);

    /// <summary>Records a load sample the way the load monitor does.</summary>
    public void Sample(DateTimeOffset at, double cpu, double memory) =>
        Metrics.Append(new LoadState(at, cpu, memory, cpu, memory, LoadBand.Normal, 1));

    public void Dispose()
    {
        Services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Folder.Dispose();
    }
}
