using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;
using Quartz.Diagnostics;
using Rhythm.Adaptive;
using Rhythm.Dependencies;
using Rhythm.History;
using Rhythm.Model;
using Rhythm.Pressure;
using Rhythm.Store;

namespace Rhythm.Scheduling;

/// <summary>
/// Owns the Quartz scheduler: builds it on the SQLite store from jobs.json, wires the gate and the dependency
/// chains, reconciles the schedule, and stops it so that running steps get their grace period.
/// </summary>
internal sealed class RhythmEngine(
    IServiceProvider services,
    RhythmModel model,
    RhythmStore store,
    RunHistory history,
    GroupStateStore states,
    DependencyGate dependencies,
    ScheduleReconciler reconciler,
    RunGate gate,
    LoadMonitor load,
    PressurePolicy pressure,
    MetricsRecorder metrics,
    AdaptiveRetimer retimer,
    EngineSettings settings,
    TimeProvider time,
    ILoggerFactory loggers) : IAsyncDisposable
{
    /// <summary>One name per store: Quartz keys its rows by scheduler name, so it must not change between runs.</summary>
    internal const string SchedulerName = "Rhythm";

    private readonly ILogger _logger = loggers.CreateLogger<RhythmEngine>();
    private IScheduler? _scheduler;
    private StoreLock? _storeLock;
    private StoreLock? _dryRunSourceLock;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    public IScheduler Scheduler => _scheduler ?? throw new InvalidOperationException("The Rhythm engine is not started.");

    public bool IsRunning => _scheduler is { Status: SchedulerStatus.Running };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var file = model.Current;
        LogProvider.SetLogProvider(loggers);

        // Before anything writes: a second host would otherwise mark the first one's running runs interrupted.
        _storeLock ??= StoreLock.Acquire(store.Path, reason => _logger.StoreLockUnavailable(reason));

        // A dry run works on a copy but still holds the real store, so that it and a real host on the same jobs.json
        // never run at once (both would announce themselves as that file's host).
        if (model.DryRunSource is { } source)
        {
            _dryRunSourceLock ??= StoreLock.Acquire(source, reason => _logger.StoreLockUnavailable(reason));
        }

        // The first reads of Rhythm's tables: a damaged store is told by its path here, not by a SQLite stack trace.
        store.Guard(() =>
        {
            var interrupted = history.MarkInterrupted(time.GetUtcNow());
            if (interrupted > 0)
            {
                _logger.RunsInterrupted(interrupted);
            }

            states.Load();
            states.MarkInterrupted();
        });
        _scheduler = await QuartzSchedulerBuilder.Create(q =>
        {
            q.UseTimeProvider(time);
            q.UseDefaultThreadPool(file.Rhythm.MaxConcurrency);
            q.UseJobFactory(new GroupJobFactory(services));
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = SchedulerName;
                o.ShutdownJobInterruption = ShutdownJobInterruption.Always;
            });
            if (settings.InMemoryQuartz)
            {
                q.UseInMemoryStore();
                return;
            }

            q.UsePersistentStore(s =>
            {
                // Registered first: UseSqlite only adds its own dialect when none is registered yet.
                s.UseDriverDelegate<PriorityFirstSqliteDelegate>();
                s.UseSqlite(store.ConnectionString);
                s.UseConnectionProvider(_ => new QuartzConnections(store.ConnectionString));
                s.UseSystemTextJsonSerializer();
                s.ProvisionSchema();
            });
        }).BuildScheduler(cancellationToken);

        _scheduler.ListenerManager.AddTriggerListener(gate, [GroupMatcher<TriggerKey>.AnyGroup()]);
        _scheduler.ListenerManager.AddTriggerListener(retimer, [GroupMatcher<TriggerKey>.GroupEquals(RhythmKeys.QuartzGroup)]);

        // The first sample sets the intervals the schedule starts with, so it is taken once the slow part of start-up
        // (building Quartz on the store) is done.
        load.Sampled += OnSampled;
        load.SampleNow();
        var reconciled = await ApplyAsync(file, cancellationToken);
        var summary = reconciled.Summary;
        _logger.Reconciled(file.SourcePath, summary);
        retimer.Start(_scheduler);
        retimer.RetimeAll();
        await _scheduler.Start(cancellationToken);

        // Timed samples keep the phase of the schedule's start, as in a simulation of the same file, whose clock
        // stands still during start-up: band changes then fall at the same moments between the same fires.
        load.Start();
        var enabled = file.Groups.Count(g => g.Enabled);
        _logger.EngineStarted(enabled, store.Path, file.Rhythm.MaxConcurrency, settings.DryRun ? DryRunNote() : string.Empty);
    }

    private string DryRunNote() => model.DryRunSource is { } source
        ? $" (dry run: steps are logged, not run; runs are recorded in a copy of {source}, which stays as it was)"
        : " (dry run: steps are logged, not run)";

    /// <summary>Reconciles a (new) file into the running scheduler; used at start and by reload, which each log the result their way.</summary>
    public async Task<ReconcileResult> ApplyAsync(JobsFile file, CancellationToken cancellationToken)
    {
        model.Replace(file);
        var result = await reconciler.ReconcileAsync(Scheduler, file, retimer.IntervalNow, cancellationToken);
        DependencyChains.Apply(Scheduler, file);
        await ReleaseWaitingAsync(file, cancellationToken);
        return result;
    }

    /// <summary>Runs a group now; its dependencies still apply unless <paramref name="force"/> is set.</summary>
    public async Task TriggerAsync(string group, bool force, CancellationToken cancellationToken)
    {
        RequireGroup(group);
        var data = new JobDataMap { [RhythmKeys.ManualKey] = "true" };
        if (force)
        {
            data[RhythmKeys.ForceKey] = "true";
        }

        await Scheduler.TriggerJob(RhythmKeys.Job(group), data, cancellationToken);
    }

    /// <summary>Pauses one group, or every group when <paramref name="group"/> is null; the pause is stored and survives restarts.</summary>
    public async Task<IReadOnlyList<string>> PauseAsync(string? group, CancellationToken cancellationToken)
    {
        var names = Targets(group);
        foreach (var name in names)
        {
            await Scheduler.PauseJob(RhythmKeys.Job(name), cancellationToken);
        }

        return names;
    }

    /// <summary>Resumes one group, or every group; a group whose time passed while paused runs once, not once per missed slot.</summary>
    public async Task<IReadOnlyList<string>> ResumeAsync(string? group, CancellationToken cancellationToken)
    {
        var names = Targets(group);
        foreach (var name in names)
        {
            await Scheduler.ResumeJob(RhythmKeys.Job(name), cancellationToken);
        }

        return names;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_scheduler is null || _scheduler.Status is SchedulerStatus.ShuttingDown or SchedulerStatus.Shutdown)
        {
            return;
        }

        _logger.EngineStopping();
        load.Stop();
        await _scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken);
        await retimer.DisposeAsync();
        ReleaseStore();
    }

    public async ValueTask DisposeAsync()
    {
        load.Sampled -= OnSampled;
        if (_scheduler is not null && _scheduler.Status is not (SchedulerStatus.ShuttingDown or SchedulerStatus.Shutdown))
        {
            await _scheduler.Shutdown(waitForJobsToComplete: true);
        }

        ReleaseStore();
    }

    private void ReleaseStore()
    {
        _storeLock?.Dispose();
        _storeLock = null;
        _dryRunSourceLock?.Dispose();
        _dryRunSourceLock = null;
    }

    private List<string> Targets(string? group)
    {
        if (group is null)
        {
            return model.Current.Groups.Where(g => g.Enabled).Select(g => g.Name).ToList();
        }

        RequireGroup(group);
        return [group];
    }

    private void RequireGroup(string group)
    {
        var file = model.Current;
        var found = file.Find(group);
        if (found is null || !found.Enabled)
        {
            var known = string.Join(", ", file.Groups.Where(g => g.Enabled).Select(g => g.Name));
            throw new ArgumentException(found is null
                ? $"there is no group '{group}' in {file.SourcePath}. Groups: {known}"
                : $"group '{group}' is disabled in {file.SourcePath}", nameof(group));
        }
    }

    /// <summary>Every sample goes into the pressure policy and, unless the settings say not to, the metrics series; retention is enforced hourly.</summary>
    private void OnSampled(LoadState state)
    {
        pressure.Observe(state);
        if (settings.RecordMetrics)
        {
            metrics.Append(state);
        }

        if (state.At - _lastPrune >= TimeSpan.FromHours(1))
        {
            _lastPrune = state.At;
            var rhythm = model.Current.Rhythm;
            if (settings.RecordMetrics)
            {
                metrics.Prune(state.At - rhythm.KeepMetrics);
            }

            history.Prune(state.At - rhythm.KeepHistory);
        }
    }

    /// <summary>
    /// A group that was waiting when the previous host stopped, and whose dependencies succeeded in between, would
    /// otherwise wait for the next success of a dependency; start it now instead.
    /// </summary>
    private async Task ReleaseWaitingAsync(JobsFile file, CancellationToken cancellationToken)
    {
        foreach (var group in file.Groups.Where(g => g.Enabled && states.Get(g.Name).IsWaiting))
        {
            if (dependencies.WaitReason(group) is null)
            {
                _logger.ReleasingWaiting(group.Name);
                await Scheduler.TriggerJob(RhythmKeys.Job(group.Name), new JobDataMap(), cancellationToken);
            }
        }
    }
}
