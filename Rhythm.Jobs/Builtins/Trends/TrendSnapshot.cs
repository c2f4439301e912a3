namespace Rhythm.Jobs.Builtins.Trends;

/// <summary>
/// What <c>builtin:trends</c> writes: the seed's "benchmark save". Scripts read it (scripts/optimize_routing.py
/// reads <c>groups[].name</c>, <c>durationP95Ms</c> and <c>failureRate</c>), so the names are a contract.
/// </summary>
internal sealed record TrendSnapshot
{
    /// <summary>When the snapshot was taken (UTC).</summary>
    public required DateTimeOffset TakenAt { get; init; }

    /// <summary>The start of the analysed window (UTC).</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>The window as jobs.json spells durations (<c>24h</c>).</summary>
    public required string Window { get; init; }

    /// <summary>The late-start threshold (<c>30s</c>).</summary>
    public required string LateAfter { get; init; }

    /// <summary>The time zone <see cref="LoadByHour"/> counts hours in.</summary>
    public required string TimeZone { get; init; }

    public required IReadOnlyList<GroupTrend> Groups { get; init; }

    /// <summary>Mean load per hour of the day (0 to 23), for finding the quiet hours.</summary>
    public required IReadOnlyList<HourLoad> LoadByHour { get; init; }
}

/// <summary>One group's figures over the window.</summary>
/// <param name="Name">The group.</param>
/// <param name="Runs">Finished runs (waits and skips are not runs).</param>
/// <param name="Succeeded">Runs that succeeded.</param>
/// <param name="Failed">Runs that failed or timed out.</param>
/// <param name="FailureRate">Failed per run, from 0 to 1.</param>
/// <param name="DurationP50Ms">Median run duration in milliseconds, or null without runs.</param>
/// <param name="DurationP95Ms">95th percentile run duration in milliseconds, or null without runs.</param>
/// <param name="LateStarts">Runs that started more than <c>lateAfter</c> after they were due.</param>
/// <param name="Waits">Fires held because a dependency had not succeeded.</param>
/// <param name="Skips">Fires shed under pressure.</param>
internal sealed record GroupTrend(
    string Name,
    int Runs,
    int Succeeded,
    int Failed,
    double FailureRate,
    long? DurationP50Ms,
    long? DurationP95Ms,
    int LateStarts,
    int Waits,
    int Skips);

/// <summary>The mean load in one hour of the day over the window.</summary>
/// <param name="Hour">The hour of the day, 0 to 23, in the snapshot's time zone.</param>
/// <param name="Samples">How many load samples fell in that hour.</param>
/// <param name="Cpu">Mean CPU %, or null without samples.</param>
/// <param name="Memory">Mean memory %, or null without samples.</param>
internal sealed record HourLoad(int Hour, int Samples, double? Cpu, double? Memory);
