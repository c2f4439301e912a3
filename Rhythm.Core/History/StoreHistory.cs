using Rhythm.Store;

namespace Rhythm.History;

/// <summary><see cref="IRhythmHistory"/> on the SQLite store.</summary>
internal sealed class StoreHistory(RhythmStore store, RunHistory runs, MetricsRecorder metrics) : IRhythmHistory
{
    public IReadOnlyList<RunRecord> Runs(DateTimeOffset since, string? group = null, int limit = 100_000)
        => runs.Recent(group, limit, since);

    public IReadOnlyList<MetricPoint> Metrics(DateTimeOffset since, int limit = 1_000_000)
    {
        using var connection = store.Open();
        return MetricsRecorder.Since(connection, since, limit);
    }

    public int PruneRuns(DateTimeOffset cutoff) => runs.Prune(cutoff);

    public int PruneMetrics(DateTimeOffset cutoff) => metrics.Prune(cutoff);

    public void Compact()
    {
        using var connection = store.Open();
        using var command = connection.CreateCommand();
        // TRUNCATE waits for readers to finish with the log; incremental vacuum would need auto_vacuum set at creation.
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;";
        command.ExecuteNonQuery();
    }
}
