using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rhythm.Adaptive;
using Rhythm.History;
using Rhythm.Load;
using Rhythm.Model;
using Rhythm.Scheduling;

namespace Rhythm.Simulation;

/// <summary>
/// Runs the real engine (the same Quartz triggers, listeners, dependency gate, adaptive rhythm and pressure rules)
/// on a virtual clock against a load profile, with every step replaced by one that succeeds at once.
/// </summary>
public static class RhythmSimulator
{
    /// <summary>Simulates <paramref name="file"/> and returns the timeline. Nothing outside a temporary folder is touched.</summary>
    public static async Task<SimulationResult> RunAsync(JobsFile file, SimulationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(options);
        var started = Stopwatch.GetTimestamp();
        var folder = Path.Combine(Path.GetTempPath(), "rhythm-simulation-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var events = new List<SimulationEvent>();
            await RunInFolderAsync(file, options, folder, events, cancellationToken);
            return new SimulationResult
            {
                // A run due exactly at the end belongs to the next period, as the next day's 00:00 does.
                Events = [.. events.Where(e => e.At < options.From + options.Duration).OrderBy(e => e.At).ThenBy(e => Order(e.Kind))],
                Elapsed = Stopwatch.GetElapsedTime(started),
            };
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task RunInFolderAsync(JobsFile file, SimulationOptions options, string folder, List<SimulationEvent> events, CancellationToken cancellationToken)
    {
        // The simulation keeps its own store so that the real one, and a host that may be running on it, are never touched.
        var simulated = file with { Rhythm = file.Rhythm with { Store = Path.Combine(folder, "simulation.db") } };
        var time = new VirtualTimeProvider(options.From, options.TimeZone);
        var services = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<ILoadSampler>(new ProfileSampler(options.Load, time))
            .AddSingleton(new EngineSettings(DryRun: true, InMemoryQuartz: true, RecordMetrics: false))
            .AddRhythm(o => o.JobsFile = file.SourcePath)
            .AddRhythmProgramRunner<SimulatedStep>();
        foreach (var name in file.Groups.SelectMany(g => g.Steps).Select(s => s.BuiltinName).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            services.AddRhythmStep<SimulatedStep>(name);
        }

        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<RhythmModel>().Replace(simulated);
        var monitor = provider.GetRequiredService<LoadMonitor>();
        var retimer = provider.GetRequiredService<AdaptiveRetimer>();
        monitor.BandChanged += (previous, current, state) => events.Add(new SimulationEvent
        {
            At = state.At,
            Kind = "band",
            Detail = $"{LoadBandNames.Lower(previous)} -> {LoadBandNames.Lower(current)}: CPU {monitor.CpuAtChange(previous, state)} %, memory {Percent.Whole(state.SmoothedMemory)} %",
        });
        retimer.Retimed += (group, old, @new, reason, next) => events.Add(new SimulationEvent
        {
            At = time.GetUtcNow(),
            Group = group,
            Kind = "retime",
            Detail = $"{Durations.Format(old)} -> {Durations.Format(@new)} ({reason}); next {next.ToOffset(options.TimeZone.GetUtcOffset(next)):HH:mm:ss}",
        });

        var engine = provider.GetRequiredService<RhythmEngine>();
        await engine.StartAsync(cancellationToken);
        var driver = new VirtualDriver(time, engine.Scheduler, retimer);
        try
        {
            await driver.RunUntilAsync(options.From + options.Duration, cancellationToken);
        }
        finally
        {
            await engine.StopAsync(CancellationToken.None);
        }

        events.AddRange(driver.Stalls.Select(s => new SimulationEvent { At = s.At, Kind = "stall", Detail = s.Detail }));

        foreach (var run in provider.GetRequiredService<RunHistory>().Recent(null, int.MaxValue, withSteps: false).Reverse())
        {
            events.Add(new SimulationEvent
            {
                At = run.StartedAt ?? options.From,
                Group = run.Group,
                ScheduledAt = run.ScheduledAt,
                Kind = run.Outcome switch
                {
                    RunOutcome.Waiting => "wait",
                    RunOutcome.Skipped => "skip",
                    _ => "run",
                },
                Detail = run.Outcome is RunOutcome.Waiting or RunOutcome.Skipped ? run.Reason ?? string.Empty : RunHistory.CauseText(run.Cause),
            });
        }
    }

    private static int Order(string kind) => kind switch
    {
        "band" => 0,
        "skip" => 1,
        "wait" => 2,
        "run" => 3,
        _ => 4,
    };
}
