using Rhythm.History;
using Rhythm.Model;

namespace Rhythm.Jobs.Builtins.Report;

/// <summary>Everything one report shows, read from history before any HTML is written.</summary>
internal sealed record ReportData
{
    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    /// <summary>The zone times are shown in (the host's local zone).</summary>
    public required TimeZoneInfo Zone { get; init; }

    /// <summary>The groups, those of jobs.json first, in file order.</summary>
    public required IReadOnlyList<ReportGroup> Groups { get; init; }

    /// <summary>Load samples, oldest first.</summary>
    public required IReadOnlyList<MetricPoint> Metrics { get; init; }

    /// <summary>How often the host samples load; a longer gap between samples means it was not running.</summary>
    public required TimeSpan SampleEvery { get; init; }

    public required AdaptiveSettings Adaptive { get; init; }

    public required double MemoryPressure { get; init; }
}

/// <summary>One group's part of the report.</summary>
/// <param name="Figures">Its runs, failures, waits, skips and durations.</param>
/// <param name="Schedule">Its schedule as jobs.json says it, or null for a group no longer in jobs.json.</param>
/// <param name="Fires">Every fire in the window, waits and skips included, oldest first.</param>
internal sealed record ReportGroup(RunFigures Figures, string? Schedule, IReadOnlyList<RunRecord> Fires);
