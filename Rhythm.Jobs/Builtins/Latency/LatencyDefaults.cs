namespace Rhythm.Jobs.Builtins.Latency;

/// <summary>What <c>builtin:latency</c> uses when <c>with</c> does not say, and the limits that keep it quiet about noise.</summary>
internal static class LatencyDefaults
{
    /// <summary>The recent period that is judged.</summary>
    public static readonly TimeSpan Recent = TimeSpan.FromHours(6);

    /// <summary>The period before <see cref="Recent"/> it is judged against.</summary>
    public static readonly TimeSpan Baseline = TimeSpan.FromDays(7);

    /// <summary>How much a p95 must grow, in percent, to count as slower.</summary>
    public const double SlowerBy = 50;

    /// <summary>Whether a slower group fails the step (and so holds its dependants).</summary>
    public const bool FailOnSlower = false;

    /// <summary>A p95 of fewer runs than this in either period is one unlucky run, not a trend.</summary>
    public const int MinimumRuns = 3;

    /// <summary>
    /// Growth smaller than this is never flagged, whatever its percentage: a 40 ms start latency that becomes 90 ms
    /// is scheduler jitter, not a group that got slower.
    /// </summary>
    public static readonly TimeSpan Noise = TimeSpan.FromSeconds(1);
}
