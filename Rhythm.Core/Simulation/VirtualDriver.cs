using Quartz;
using Rhythm.Adaptive;

namespace Rhythm.Simulation;

/// <summary>
/// Drives a real engine on <see cref="VirtualTimeProvider"/>: waits until nothing is firing or running, then jumps
/// the clock to the next moment anything is due (a trigger, a load sample, a Quartz wait), never past it.
/// </summary>
/// <remarks>
/// Jumping no further than the earliest trigger keeps every fire on its own time, so Quartz never sees a misfire
/// that real time would not have produced; that is what makes a simulated day agree with a real one.
/// </remarks>
internal sealed class VirtualDriver(VirtualTimeProvider time, IScheduler scheduler, AdaptiveRetimer retimer)
{
    // Long enough that a slow machine finishing a firing is not mistaken for a stall; a stall costs this much real time.
    private static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan QuietLimit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Moments the engine stood still with work due and the clock was let run to its next timer, with what it
    /// waited for; empty when every wait settled on its own.
    /// </summary>
    public IReadOnlyList<(DateTimeOffset At, string Detail)> Stalls => _stalls;

    private readonly List<(DateTimeOffset At, string Detail)> _stalls = [];
    private readonly ScheduleWatch _watch = ScheduleWatch.On(scheduler);

    // The last quiet look at the triggers and the watch's count when it was taken.
    private (long Version, DateTimeOffset? Earliest)? _quiet;

    /// <summary>Runs until the virtual clock reaches <paramref name="end"/>.</summary>
    public async Task RunUntilAsync(DateTimeOffset end, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var earliest = await WaitQuietAsync(cancellationToken);
            var now = time.GetUtcNow();
            if (now >= end)
            {
                return;
            }

            var next = end;
            if (time.NextDue() is { } due && due < next)
            {
                next = due;
            }

            if (earliest is { } fire && fire < next)
            {
                next = fire;
            }

            time.AdvanceTo(next > now ? next : now);
        }
    }

    /// <summary>Waits until no trigger is due or blocked and no re-timing is pending; returns the earliest next fire.</summary>
    /// <remarks>
    /// A due trigger normally fires within a few continuations. When the engine instead sits on one of its own
    /// timers (a retry after a failed acquisition, a held-back round), real time would run on to that timer, so
    /// after <see cref="StallAfter"/> of real time without a re-timing or a firing in hand, the clock does the same,
    /// and the stall is recorded. Only an engine with nothing armed at all is an error.
    /// </remarks>
    public async Task<DateTimeOffset?> WaitQuietAsync(CancellationToken cancellationToken = default)
    {
        var started = Environment.TickCount64;
        var sinceProgress = started;
        var spins = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var probe = await ProbeAsync(cancellationToken);
            if (probe.Quiet && retimer.IsIdle)
            {
                // Twice in a row: a listener may schedule a follow-up just as the first look finished.
                probe = await ProbeAsync(cancellationToken);
                if (probe.Quiet && retimer.IsIdle)
                {
                    return probe.Earliest;
                }
            }

            // A re-timing or a firing in hand is progress, however slowly a loaded machine gets through it; moving the
            // clock under it would let a trigger fire before the re-timing that should have moved it.
            if (!retimer.IsIdle || probe.Firing)
            {
                sinceProgress = Environment.TickCount64;
            }

            if (Environment.TickCount64 - sinceProgress > StallAfter.TotalMilliseconds && time.NextDue() is { } due && due > time.GetUtcNow())
            {
                _stalls.Add((time.GetUtcNow(), await DescribeAsync(cancellationToken)));
                time.AdvanceTo(due);
                sinceProgress = Environment.TickCount64;
                spins = 0;
                continue;
            }

            if (Environment.TickCount64 - started > QuietLimit.TotalMilliseconds)
            {
                throw new TimeoutException(
                    $"The engine did not settle within {QuietLimit.TotalSeconds:0} s of real time at virtual {time.GetUtcNow():u}: {await DescribeAsync(cancellationToken)}");
            }

            // Yield first: most work settles within a few continuations; sleep only when it does not.
            if (++spins < 50)
            {
                await Task.Yield();
            }
            else
            {
                await Task.Delay(1, cancellationToken);
            }
        }
    }

    private async Task<string> DescribeAsync(CancellationToken cancellationToken)
    {
        var parts = new List<string> { retimer.IsIdle ? "re-timer idle" : "re-timer busy" };
        foreach (var key in await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.AnyGroup(), cancellationToken))
        {
            var trigger = await scheduler.GetTrigger(key, cancellationToken);
            parts.Add($"{key} next {trigger?.NextFireTimeUtc:u} {await scheduler.GetTriggerState(key, cancellationToken)}");
        }

        var running = await scheduler.QueryFireInstances(new FireInstanceQuery(), cancellationToken);
        parts.AddRange(running.Items.Select(f => $"running {f}"));
        parts.Add($"timers [{time.DescribeTimers()}]");
        return string.Join("; ", parts);
    }

    /// <summary>One look at the engine: quiet (nothing firing, nothing due) with the earliest next fire, or why not.</summary>
    private async Task<(bool Quiet, bool Firing, DateTimeOffset? Earliest)> ProbeAsync(CancellationToken cancellationToken)
    {
        // A firing in flight settles nothing, so the triggers are read only once none is.
        if (await AnyFiringAsync(cancellationToken))
        {
            return (false, true, null);
        }

        var now = time.GetUtcNow();
        var version = _watch.Version;
        DateTimeOffset? earliest;
        if (_quiet is { } last && last.Version == version && !(last.Earliest <= now))
        {
            earliest = last.Earliest;
        }
        else
        {
            var (due, next) = await ReadTriggersAsync(now, cancellationToken);
            if (due)
            {
                return (false, false, null);
            }

            earliest = next;
        }

        // Read after the triggers: a trigger that fired between the two reads shows up here as a running firing,
        // so the clock never moves while a run that started "now" is still going.
        if (await AnyFiringAsync(cancellationToken))
        {
            return (false, true, null);
        }

        // Kept only when nothing was reported during the look, so that it saw one state of the schedule.
        _quiet = _watch.Version == version ? (version, earliest) : null;
        return (true, false, earliest);
    }

    private async Task<bool> AnyFiringAsync(CancellationToken cancellationToken)
        => (await scheduler.QueryFireInstances(new FireInstanceQuery(), cancellationToken)).Items.Count > 0;

    private async Task<(bool Due, DateTimeOffset? Earliest)> ReadTriggersAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        DateTimeOffset? earliest = null;
        foreach (var key in await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.AnyGroup(), cancellationToken))
        {
            var next = (await scheduler.GetTrigger(key, cancellationToken))?.NextFireTimeUtc;
            if (next is null || await scheduler.GetTriggerState(key, cancellationToken) is TriggerState.Paused or TriggerState.Error)
            {
                continue;
            }

            if (next <= now)
            {
                return (true, null);
            }

            if (earliest is null || next < earliest)
            {
                earliest = next;
            }
        }

        return (false, earliest);
    }
}
