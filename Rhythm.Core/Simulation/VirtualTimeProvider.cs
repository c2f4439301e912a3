namespace Rhythm.Simulation;

/// <summary>
/// A clock that moves only when told to, and knows when its next timer is due, so a driver can jump from one
/// event to the next instead of stepping through empty time.
/// </summary>
/// <remarks>
/// Quartz waits through <see cref="TimeProvider.CreateTimer"/> (its idle wait, its wait for the next fire time and
/// its misfire scan), and so does the load monitor; with this clock the whole engine runs on virtual time.
/// </remarks>
internal sealed class VirtualTimeProvider(DateTimeOffset start, TimeZoneInfo? zone = null) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<VirtualTimer> _timers = [];
    private DateTimeOffset _now = start;

    public override TimeZoneInfo LocalTimeZone { get; } = zone ?? TimeZoneInfo.Local;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>When the earliest active timer is due, or null when none is.</summary>
    public DateTimeOffset? NextDue()
    {
        lock (_gate)
        {
            DateTimeOffset? next = null;
            foreach (var timer in _timers)
            {
                if (next is null || timer.Due < next)
                {
                    next = timer.Due;
                }
            }

            return next;
        }
    }

    /// <summary>Describes the armed timers (due time and who armed them), for a driver that cannot settle.</summary>
    public string DescribeTimers()
    {
        lock (_gate)
        {
            return string.Join(", ", _timers.OrderBy(t => t.Due).Select(t => $"{t.Due:HH:mm:ss.fff} {t.Owner}"));
        }
    }

    /// <summary>Moves the clock on by <paramref name="by"/>, firing timers on the way.</summary>
    public void Advance(TimeSpan by) => AdvanceTo(GetUtcNow() + by);

    /// <summary>Moves the clock to <paramref name="target"/>, firing each timer at its own due time on the way.</summary>
    public void AdvanceTo(DateTimeOffset target)
    {
        while (true)
        {
            VirtualTimer? due = null;
            lock (_gate)
            {
                foreach (var timer in _timers)
                {
                    if (timer.Due <= target && (due is null || timer.Due < due.Due))
                    {
                        due = timer;
                    }
                }

                if (due is null)
                {
                    if (target > _now)
                    {
                        _now = target;
                    }

                    return;
                }

                if (due.Due > _now)
                {
                    _now = due.Due;
                }

                if (due.Period > TimeSpan.Zero)
                {
                    due.Due += due.Period;
                }
                else
                {
                    _timers.Remove(due);
                }
            }

            due.Fire();
        }
    }

    private void Schedule(VirtualTimer timer, TimeSpan dueTime)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            timer.Due = _now + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
            _timers.Add(timer);
        }
    }

    private void Remove(VirtualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class VirtualTimer(VirtualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset Due { get; set; }

        public TimeSpan Period { get; private set; }

        public string Owner => $"{callback.Method.DeclaringType?.Name}.{callback.Method.Name}({state?.GetType().Name})";

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            owner.Schedule(this, dueTime);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
