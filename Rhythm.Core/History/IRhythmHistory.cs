namespace Rhythm.History;

/// <summary>
/// Read and maintain the engine's history and metrics from a step (the built-in analysis and clean-up steps use
/// this), without knowing where or how they are stored.
/// </summary>
public interface IRhythmHistory
{
    /// <summary>Runs (and waits and skips) that started at or after <paramref name="since"/>, newest first.</summary>
    IReadOnlyList<RunRecord> Runs(DateTimeOffset since, string? group = null, int limit = 100_000);

    /// <summary>Load samples taken at or after <paramref name="since"/>, oldest first.</summary>
    IReadOnlyList<MetricPoint> Metrics(DateTimeOffset since, int limit = 1_000_000);

    /// <summary>Deletes runs that ended before <paramref name="cutoff"/>; returns how many.</summary>
    int PruneRuns(DateTimeOffset cutoff);

    /// <summary>Deletes samples taken before <paramref name="cutoff"/>; returns how many.</summary>
    int PruneMetrics(DateTimeOffset cutoff);

    /// <summary>Folds the write-ahead log into the database file and gives freed pages back to the file system.</summary>
    void Compact();
}
