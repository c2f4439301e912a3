using Rhythm.History;

namespace Rhythm.Jobs.Builtins;

/// <summary>
/// The figures the analysis steps share for one group's history: runs by outcome, durations and start latencies.
/// </summary>
/// <remarks>
/// A fire that waited or was skipped is not a run. A run still going has no duration yet and is left out (the
/// analysing step's own run is always one of them). Failed and timed-out runs are failures. A run the host cancelled
/// while stopping or that a crash interrupted says nothing about the group: it counts as a run, but not as a failure
/// and not in the durations (an interrupted run "ends" when the next host starts, which may be hours later).
/// </remarks>
internal sealed class RunFigures
{
    private RunFigures(string group) => Group = group;

    public string Group { get; }

    /// <summary>Finished runs (any outcome but waiting, skipped and running).</summary>
    public int Runs { get; private set; }

    public int Succeeded { get; private set; }

    /// <summary>Failed and timed-out runs.</summary>
    public int Failed { get; private set; }

    public int Waits { get; private set; }

    public int Skips { get; private set; }

    /// <summary>Durations of runs that succeeded, failed or timed out, shortest first.</summary>
    public IReadOnlyList<TimeSpan> Durations { get; private set; } = [];

    /// <summary>Start latencies (started minus scheduled, never below zero) of finished runs, smallest first.</summary>
    public IReadOnlyList<TimeSpan> Latencies { get; private set; } = [];

    /// <summary>Finished runs oldest first.</summary>
    public IReadOnlyList<RunRecord> Finished { get; private set; } = [];

    /// <summary>Failures per finished run, from 0 to 1; 0 without runs.</summary>
    public double FailureRate => Runs == 0 ? 0 : (double)Failed / Runs;

    /// <summary>Runs that started more than <paramref name="after"/> after they were due.</summary>
    public int LateStarts(TimeSpan after) => Latencies.Count(l => l > after);

    /// <summary>
    /// Figures per group: first the groups of <paramref name="known"/> in that order (with or without history),
    /// then groups that only history knows (renamed or removed since), by name.
    /// </summary>
    public static IReadOnlyList<RunFigures> ByGroup(IEnumerable<RunRecord> records, IEnumerable<string> known)
    {
        var byName = records.GroupBy(r => r.Group, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var names = known.Distinct(StringComparer.Ordinal).ToList();
        names.AddRange(byName.Keys.Except(names, StringComparer.Ordinal).Order(StringComparer.Ordinal));
        return [.. names.Select(name => Of(name, byName.TryGetValue(name, out var list) ? list : []))];
    }

    public static RunFigures Of(string group, IEnumerable<RunRecord> records)
    {
        var figures = new RunFigures(group);
        var finished = new List<RunRecord>();
        foreach (var record in records)
        {
            switch (record.Outcome)
            {
                case RunOutcome.Waiting:
                    figures.Waits++;
                    break;
                case RunOutcome.Skipped:
                    figures.Skips++;
                    break;
                case RunOutcome.Running:
                    break;
                default:
                    finished.Add(record);
                    break;
            }
        }

        finished.Sort((a, b) => Nullable.Compare(a.StartedAt, b.StartedAt));
        figures.Finished = finished;
        figures.Runs = finished.Count;
        figures.Succeeded = finished.Count(r => r.Outcome == RunOutcome.Succeeded);
        figures.Failed = finished.Count(r => r.Outcome is RunOutcome.Failed or RunOutcome.TimedOut);
        figures.Durations = [.. finished.Where(r => r is { StartedAt: not null, EndedAt: not null, Outcome: RunOutcome.Succeeded or RunOutcome.Failed or RunOutcome.TimedOut })
            .Select(r => Max(r.EndedAt!.Value - r.StartedAt!.Value)).Order()];
        figures.Latencies = [.. finished.Where(r => r is { StartedAt: not null, ScheduledAt: not null })
            .Select(r => Max(r.StartedAt!.Value - r.ScheduledAt!.Value)).Order()];
        return figures;
    }

    /// <summary>
    /// The nearest-rank percentile (the smallest value with at least <paramref name="percent"/>% of the values at or
    /// below it) of values sorted ascending, or <see langword="null"/> when there are none.
    /// </summary>
    /// <remarks>Nearest rank always returns a value that was observed, so a p95 can be traced to a real run.</remarks>
    public static TimeSpan? Percentile(IReadOnlyList<TimeSpan> sorted, double percent)
    {
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    private static TimeSpan Max(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;
}
