using Microsoft.Data.Sqlite;
using Rhythm.Adaptive;
using Rhythm.Store;

namespace Rhythm.History;

/// <summary>Appends every load sample to the metrics time series and prunes it past retention.</summary>
internal sealed class MetricsRecorder(RhythmStore store)
{
    public void Append(LoadState state)
    {
        using var connection = store.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO rhythm_metrics (at, cpu, memory, smoothed_cpu, smoothed_memory, band, factor)
            VALUES ($at, $cpu, $memory, $scpu, $smemory, $band, $factor);
            """;
        command.Parameters.AddWithValue("$at", StoreTime.ToStore(state.At));
        command.Parameters.AddWithValue("$cpu", Math.Round(state.Cpu, 2));
        command.Parameters.AddWithValue("$memory", Math.Round(state.Memory, 2));
        command.Parameters.AddWithValue("$scpu", Math.Round(state.SmoothedCpu, 2));
        command.Parameters.AddWithValue("$smemory", Math.Round(state.SmoothedMemory, 2));
        command.Parameters.AddWithValue("$band", LoadBandNames.Lower(state.Band));
        command.Parameters.AddWithValue("$factor", state.Factor);
        command.ExecuteNonQuery();
    }

    /// <summary>Deletes samples older than <paramref name="cutoff"/>; returns how many.</summary>
    public int Prune(DateTimeOffset cutoff)
    {
        using var connection = store.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM rhythm_metrics WHERE at < $cutoff;";
        command.Parameters.AddWithValue("$cutoff", StoreTime.ToStore(cutoff));
        return command.ExecuteNonQuery();
    }

    internal static MetricPoint? Latest(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(at) FROM rhythm_metrics;";
        return command.ExecuteScalar() is long at ? Since(connection, StoreTime.FromStore(at), 1).FirstOrDefault() : null;
    }

    internal static List<MetricPoint> Since(SqliteConnection connection, DateTimeOffset? since, int limit)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT at, cpu, memory, smoothed_cpu, smoothed_memory, band, factor FROM (
                SELECT * FROM rhythm_metrics WHERE ($since IS NULL OR at >= $since) ORDER BY at DESC LIMIT $limit
            ) ORDER BY at;
            """;
        command.Parameters.AddWithValue("$since", StoreTime.ToStore(since));
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var points = new List<MetricPoint>();
        while (reader.Read())
        {
            points.Add(new MetricPoint
            {
                At = StoreTime.FromStore(reader.GetInt64(0)),
                Cpu = reader.GetDouble(1),
                Memory = reader.GetDouble(2),
                SmoothedCpu = reader.GetDouble(3),
                SmoothedMemory = reader.GetDouble(4),
                Band = reader.GetString(5),
                Factor = reader.GetDouble(6),
            });
        }

        return points;
    }
}
