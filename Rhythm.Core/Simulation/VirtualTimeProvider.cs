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

    // A caller reads the clock, computes a wait and arms a timer for it. If the driver moves the clock in between,
    // counting the wait from the moved clock arms the timer late by the whole move (up to the next load sample), and
    // the caller sleeps past work that is due: Quartz's scheduler loop does exactly this (read, then Change). So a
    // relative due time counts from the arming thread's own recent reading. Only a fresh reading is trusted: a pool
    // thread's reading from earlier, unrelated work would arm early.
    private const long FreshReadingMs = 50;

    [ThreadStatic]
    private static VirtualTimeProvider? _reader;

    [ThreadStatic]
    private static DateTimeOffset _read;

    [ThreadStatic]
    private static long _readAtMs;

    public override DateTimeOffset GetUtcNow()
    {
        DateTimeOffset now;
        lock (_gate)
        {
            now = _now;
        }

        _reader = this;
        _read = now;
        _readAtMs = Environment.TickCount64;
        return now;
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

            // The callback runs at the timer's time: a reading this thread took before the move is not its basis.
            _reader = null;
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

            var basis = ReferenceEquals(_reader, this) && _read < _now && Environment.TickCount64 - _readAtMs <= FreshReadingMs ? _read : _now;
            var due = basis + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
            timer.Due = due < _now ? _now : due;
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
