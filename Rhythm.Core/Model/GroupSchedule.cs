namespace Rhythm.Model;

/// <summary>When a group's own rhythm says it is due: exactly one of <c>every</c>, <c>at</c> or <c>cron</c>.</summary>
public abstract record GroupSchedule
{
    private protected GroupSchedule()
    {
    }

    /// <summary>The schedule as jobs.json spells it, for status output and logs.</summary>
    public abstract string Describe();
}

/// <summary>A fixed interval (<c>"every": "10m"</c>); the only kind the adaptive rhythm stretches or shrinks.</summary>
/// <param name="Interval">The base interval written in jobs.json.</param>
public sealed record EverySchedule(TimeSpan Interval) : GroupSchedule
{
    /// <inheritdoc />
    public override string Describe() => "every " + Durations.Format(Interval);
}

/// <summary>A daily wall-clock time in the host's local time zone (<c>"at": "03:00"</c>).</summary>
/// <param name="Time">The local time of day.</param>
public sealed record DailySchedule(TimeOnly Time) : GroupSchedule
{
    /// <inheritdoc />
    public override string Describe() => "daily at " + Time.ToString("HH\\:mm", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A Quartz cron expression (<c>"cron": "0 0/5 * * * ?"</c>), in the host's local time zone.</summary>
/// <param name="Expression">The cron expression as written.</param>
public sealed record CronSchedule(string Expression) : GroupSchedule
{
    /// <inheritdoc />
    public override string Describe() => "cron " + Expression;
}
