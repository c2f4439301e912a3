using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rhythm.Adaptive;
using Rhythm.Dependencies;
using Rhythm.History;
using Rhythm.Model;
using Rhythm.Scheduling;
using Rhythm.Simulation;

namespace Rhythm.Tests.Support;

/// <summary>The real engine on a real SQLite file in a temp folder, on fake time, with scripted steps.</summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    private EngineHarness(ServiceProvider services, VirtualTimeProvider time, StepScript script, ScriptedLoad load)
    {
        Services = services;
        Time = time;
        Script = script;
        Load = load;
        Engine = services.GetRequiredService<RhythmEngine>();
    }

    private VirtualDriver Driver => new(Time, Engine.Scheduler, Services.GetRequiredService<AdaptiveRetimer>());

    public static readonly DateTimeOffset Monday9 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public ServiceProvider Services { get; }

    public VirtualTimeProvider Time { get; }

    public StepScript Script { get; }

    public ScriptedLoad Load { get; }

    public RhythmEngine Engine { get; }

    public RunHistory History => Services.GetRequiredService<RunHistory>();

    public GroupStateStore States => Services.GetRequiredService<GroupStateStore>();

    /// <summary>Starts an engine on <paramref name="file"/>; pass the same time and script to simulate a restart.</summary>
    /// <param name="logs">Receives the engine's log from Information up, for tests that assert on what a user reads.</param>
    public static async Task<EngineHarness> StartAsync(
        JobsFile file, VirtualTimeProvider? time = null, StepScript? script = null, ScriptedLoad? load = null, ILoggerProvider? logs = null)
    {
        time ??= new VirtualTimeProvider(Monday9);
        load ??= new ScriptedLoad(time);
        script ??= new StepScript();
        script.Time = time;
        if (!System.IO.File.Exists(file.SourcePath))
        {
            await System.IO.File.WriteAllTextAsync(file.SourcePath, "{}");
        }

        var services = new ServiceCollection()
            .AddLogging(builder =>
            {
                if (logs is not null)
                {
                    builder.AddProvider(logs);
                }
            })
            .AddSingleton<TimeProvider>(time)
            .AddSingleton(script)
            .AddSingleton<Rhythm.Load.ILoadSampler>(load)
            .AddRhythm(o => o.JobsFile = file.SourcePath)
            .AddRhythmStep<ScriptedStep>("scripted")
            .BuildServiceProvider();
        services.GetRequiredService<RhythmModel>().Replace(file);
        var harness = new EngineHarness(services, time, script, load);
        await harness.Engine.StartAsync(CancellationToken.None);
        return harness;
    }

    /// <summary>A jobs file in <paramref name="folder"/> whose groups all run <c>builtin:scripted</c>.</summary>
    public static JobsFile File(TempFolder folder, params GroupDefinition[] groups)
        => new() { SourcePath = folder.File("jobs.json"), Groups = groups, Rhythm = new RhythmSettings { MaxConcurrency = 4 } };

    public static GroupDefinition Every(string name, TimeSpan interval, params string[] after) => new()
    {
        Name = name,
        Schedule = new EverySchedule(interval),
        After = after,
        Steps = [new StepDefinition { Name = "work", Run = "builtin:scripted" }],
    };

    /// <summary>Runs the engine on virtual time for <paramref name="by"/>, event by event.</summary>
    public Task AdvanceAsync(TimeSpan by) => Driver.RunUntilAsync(Time.GetUtcNow() + by);

    /// <summary>Waits until nothing is firing or running.</summary>
    public Task SettleAsync() => Driver.WaitQuietAsync();

    /// <summary>Waits until history holds a finished fire for <paramref name="group"/> matching <paramref name="match"/>.</summary>
    public Task<RunRecord> WaitForRunAsync(string group, Func<RunRecord, bool> match, string what)
        => Eventually.WaitFor(() => History.Recent(group, 200).FirstOrDefault(r => r.Outcome != RunOutcome.Running && match(r)), what);

    public async ValueTask DisposeAsync()
    {
        await Engine.StopAsync(CancellationToken.None);
        await Services.DisposeAsync();
    }
}
