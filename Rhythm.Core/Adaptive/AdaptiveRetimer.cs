using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Quartz;
using Rhythm.Dependencies;
using Rhythm.Model;
using Rhythm.Scheduling;

namespace Rhythm.Adaptive;

/// <summary>
/// The trigger-rescheduling listener: re-times a group's trigger from the current load band when the group
/// completes, and every adaptive trigger at once when the band changes, keeping each group's phase.
/// </summary>
/// <remarks>
/// Rescheduling happens on one background loop rather than inside the listener callback, so the firing path
/// never waits on it and two re-timings of the same trigger can never interleave.
/// </remarks>
internal sealed class AdaptiveRetimer(
    RhythmModel model,
    LoadMonitor monitor,
    GroupStateStore states,
    TimeProvider time,
    ILogger<AdaptiveRetimer> logger) : ITriggerListener, IAsyncDisposable
{
    private readonly Channel<string?> _requests = Channel.CreateUnbounded<string?>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, byte> _onNextFire = new(StringComparer.Ordinal);
    private IScheduler? _scheduler;
    private Task? _loop;
    private int _pending;

    public string Name => "rhythm-adaptive";

    /// <summary>Raised after a trigger is re-timed: group, old interval, new interval, reason, next fire.</summary>
    public event Action<string, TimeSpan, TimeSpan, string, DateTimeOffset>? Retimed;

    /// <summary>True when no re-timing is queued or in progress.</summary>
    public bool IsIdle => Volatile.Read(ref _pending) == 0;

    public void Start(IScheduler scheduler)
    {
        _scheduler = scheduler;
        monitor.BandChanged += OnBandChanged;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The interval a group should have now: its base interval stretched or shrunk by the current band.</summary>
    public TimeSpan IntervalNow(GroupDefinition group)
    {
        var file = model.Current;
        if (group.Schedule is not EverySchedule every)
        {
            return TimeSpan.Zero;
        }

        return monitor.Current is { } state && IntervalPolicy.IsAdaptive(group, file.Adaptive)
            ? IntervalPolicy.Current(group, state.Band, file.Adaptive)
            : every.Interval;
    }

    /// <summary>Asks for every adaptive group to be re-timed, e.g. after a reload.</summary>
    public void RetimeAll() => Enqueue(null);

    /// <summary>Re-times a group whose re-timing waited for this fire (see <see cref="RetimeAsync"/>).</summary>
    public ValueTask TriggerFired(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (RhythmKeys.IsOwnTrigger(trigger) && _onNextFire.TryRemove(trigger.JobKey.Name, out _))
        {
            Enqueue(trigger.JobKey.Name);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask TriggerComplete(ITrigger trigger, IJobExecutionContext context, SchedulerInstruction triggerInstructionCode, CancellationToken cancellationToken = default)
    {
        if (RhythmKeys.IsOwnTrigger(trigger))
        {
            Enqueue(trigger.JobKey.Name);
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        monitor.BandChanged -= OnBandChanged;
        _requests.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop;
        }
    }

    // Long enough to cover the re-timing's own reads and write; a quarter of the interval at most, so that the
    // re-timing at the next fire, an interval before the one after, is never put off again.
    private static TimeSpan FireMargin(TimeSpan interval) => TimeSpan.FromTicks(Math.Min(TimeSpan.FromMilliseconds(250).Ticks, interval.Ticks / 4));

    private void OnBandChanged(LoadBand previous, LoadBand current, LoadState state) => Enqueue(null);

    private void Enqueue(string? group)
    {
        Interlocked.Increment(ref _pending);
        if (!_requests.Writer.TryWrite(group))
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    private async Task RunAsync()
    {
        await foreach (var request in _requests.Reader.ReadAllAsync())
        {
            try
            {
                var file = model.Current;
                var groups = request is null ? file.Groups.Where(g => g.Enabled) : file.Find(request) is { } one ? [one] : [];
                foreach (var group in groups.Where(g => g.Schedule is EverySchedule))
                {
                    await RetimeAsync(group, file.Adaptive);
                }
            }
            catch (Exception exception) when (exception is SchedulerException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
            {
                logger.RetimeFailed(exception, request ?? "all groups");
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        }
    }

    private async Task RetimeAsync(GroupDefinition group, AdaptiveSettings adaptive)
    {
        var scheduler = _scheduler!;
        if (scheduler.Status is SchedulerStatus.ShuttingDown or SchedulerStatus.Shutdown)
        {
            return;
        }

        var key = RhythmKeys.Trigger(group.Name);
        if (await scheduler.GetTrigger(key) is not ISimpleTrigger trigger)
        {
            return;
        }

        var baseInterval = ((EverySchedule)group.Schedule).Interval;
        var state = monitor.Current;
        var desired = IntervalNow(group);
        var reason = state is null ? "normal: no load sample yet" : IntervalPolicy.Reason(group, state, adaptive);

        // A paused group is not re-timed (resume does that), but status must still show the interval a reload
        // gave it, not the one from before.
        states.SetInterval(group.Name, baseInterval, desired, reason);
        if (trigger.RepeatInterval == desired || await scheduler.GetTriggerState(key) == TriggerState.Paused)
        {
            return;
        }

        var now = time.GetUtcNow();

        // A fire that is due may be under way in Quartz already, between this read and the replacement below, which
        // would then place the next fire from the run before it: a second run soon after this one, or a gap too
        // short. Such a group is re-timed when that fire reaches the listeners (vetoed or not), from the fire itself.
        if (trigger.NextFireTimeUtc is { } due && due <= now + FireMargin(trigger.RepeatInterval))
        {
            _onNextFire[group.Name] = 0;
            return;
        }

        var last = trigger.PreviousFireTimeUtc ?? states.Get(group.Name).LastStartedAt;
        var next = PhaseKeeper.NextFire(last, trigger.NextFireTimeUtc ?? now, desired, now);
        await scheduler.RescheduleJob(key, TriggerFactory.Build(group, desired, next, time));
        Retimed?.Invoke(group.Name, trigger.RepeatInterval, desired, reason, next);
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.Retimed(group.Name, Durations.Format(trigger.RepeatInterval), Durations.Format(desired), reason, next);
        }
    }
}
