using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rhythm.Adaptive;
using Rhythm.Control;
using Rhythm.Dependencies;
using Rhythm.History;
using Rhythm.Load;
using Rhythm.Pressure;
using Rhythm.Reload;
using Rhythm.Scheduling;
using Rhythm.Steps;
using Rhythm.Store;

namespace Rhythm;

/// <summary>Registers the Rhythm engine and its steps in a service container.</summary>
public static class RhythmServiceCollectionExtensions
{
    /// <summary>
    /// Registers the engine as a hosted service that runs the schedule in <see cref="RhythmOptions.JobsFile"/>.
    /// Add step kinds with <see cref="AddRhythmStep{TStep}"/> (and Rhythm.Jobs' <c>AddRhythmJobs()</c> for
    /// programs, scripts and the built-in steps).
    /// </summary>
    /// <remarks>
    /// An invalid jobs.json stops the host at start-up with every problem listed. While the host runs, a change to the
    /// file is applied within a second (see <see cref="RhythmOptions.WatchJobsFile"/>), and <see cref="IRhythmControl"/>
    /// triggers, pauses and resumes groups.
    /// </remarks>
    public static IServiceCollection AddRhythm(this IServiceCollection services, Action<RhythmOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<RhythmOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RhythmOptions>, RhythmOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RhythmModel>();
        services.TryAddSingleton(sp =>
        {
            var store = new RhythmStore(sp.GetRequiredService<RhythmModel>().Current.StorePath);
            store.Initialize();
            return store;
        });
        services.TryAddSingleton(sp => new EngineSettings(sp.GetRequiredService<IOptions<RhythmOptions>>().Value.DryRun));
        services.TryAddSingleton<StoreWriter>();
        services.TryAddSingleton<RunHistory>();
        services.TryAddSingleton<GroupStateStore>();
        services.TryAddSingleton<DependencyGate>();
        services.TryAddSingleton<StepDispatcher>();
        services.TryAddSingleton<ScheduleReconciler>();
        services.TryAddSingleton<RunGate>();
        services.TryAddSingleton(sp => LoadSamplers.ForCurrentOs(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp =>
        {
            var file = sp.GetRequiredService<RhythmModel>().Current;
            return new LoadMonitor(sp.GetRequiredService<ILoadSampler>(), sp.GetRequiredService<TimeProvider>(), file.Adaptive, file.Rhythm, sp.GetRequiredService<ILogger<LoadMonitor>>());
        });
        services.TryAddSingleton<ICurrentLoad>(sp => sp.GetRequiredService<LoadMonitor>());
        services.TryAddSingleton(sp =>
        {
            var file = sp.GetRequiredService<RhythmModel>().Current;
            return new PressurePolicy(file.Rhythm, file.Adaptive);
        });
        services.TryAddSingleton<MetricsRecorder>();
        services.TryAddSingleton<IRhythmHistory, StoreHistory>();
        services.TryAddSingleton<AdaptiveRetimer>();
        services.TryAddSingleton<RhythmEngine>();
        services.AddSingleton<IProcessLedger, SqliteProcessLedger>();
        services.TryAddSingleton<ScheduleChanges>();
        services.TryAddSingleton<IRhythmControl, RhythmControl>();
        services.TryAddSingleton<JobsFileReloader>();
        services.AddHostedService<RhythmHostedService>();

        // After the engine, so that it watches a running schedule; it does nothing when WatchJobsFile is off.
        services.AddHostedService<JobsFileWatcher>();
        return services;
    }

    /// <summary>
    /// Registers a built-in step that jobs.json can use as <c>"run": "builtin:NAME"</c>.
    /// Another app uses this to plug in its own steps written in C#.
    /// </summary>
    /// <param name="services">The service container.</param>
    /// <param name="name">The name after <c>builtin:</c>.</param>
    /// <param name="checkOptions">
    /// Checks a step's <c>with</c> object (null when absent) whenever a jobs.json is read (<c>rhythm validate</c>,
    /// start-up, reload): an empty list when valid, otherwise every problem found, each naming its option. Without it
    /// any options pass.
    /// </param>
    /// <returns>The same container, for chaining.</returns>
    public static IServiceCollection AddRhythmStep<TStep>(
        this IServiceCollection services, string name, Func<System.Text.Json.JsonElement?, IReadOnlyList<string>>? checkOptions = null)
        where TStep : class, IRhythmStep
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        services.AddKeyedSingleton<IRhythmStep, TStep>(StepKeys.Builtin(name));
        services.AddSingleton(new StepRegistration(name, checkOptions));
        return services;
    }

    /// <summary>Registers the runner for steps whose <c>run</c> is a program or script path (Rhythm.Jobs provides one).</summary>
    public static IServiceCollection AddRhythmProgramRunner<TRunner>(this IServiceCollection services)
        where TRunner : class, IRhythmStep
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddKeyedSingleton<IRhythmStep, TRunner>(StepKeys.Program);
        return services;
    }
}
