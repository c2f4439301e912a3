using Microsoft.Data.Sqlite;
using Rhythm.Dependencies;
using Rhythm.History;
using Rhythm.Model;
using Rhythm.Reload;
using Rhythm.Scheduling;
using Rhythm.Store;

namespace Rhythm.Status;

/// <summary>
/// Reads status and history from the store without touching the schedule, so it is safe while a host runs
/// (the store is in WAL mode, and nothing here starts a scheduler).
/// </summary>
public static class StatusReader
{
    /// <summary>The status of every group in <paramref name="file"/>.</summary>
    public static RhythmStatus Read(JobsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var store = new RhythmStore(file.StorePath);
        return store.Read(
            connection =>
            {
                var states = GroupStateStore.ReadAll(connection).ToDictionary(s => s.Group, StringComparer.Ordinal);
                var triggers = QuartzTriggers.Read(connection, RhythmEngine.SchedulerName);
                var skipped = HistoryQueries.SkippedLast(connection);
                return new RhythmStatus
                {
                    JobsFile = file.SourcePath,
                    Store = store.Path,
                    StoreExists = true,
                    Load = MetricsRecorder.Latest(connection),
                    FileRejected = RejectedFile.ReadCurrent(connection, file.SourcePath)?.Message,
                    Groups = file.Groups.Select(g => Describe(g, states.GetValueOrDefault(g.Name), triggers.GetValueOrDefault(g.Name), skipped.GetValueOrDefault(g.Name))).ToList(),
                };
            },
            () => new RhythmStatus
            {
                JobsFile = file.SourcePath,
                Store = store.Path,
                StoreExists = false,
                Groups = file.Groups.Select(g => Describe(g, null, null, null)).ToList(),
            });
    }

    /// <summary>Recent runs, newest first, optionally for one group.</summary>
    public static IReadOnlyList<RunRecord> History(JobsFile file, string? group, int limit, DateTimeOffset? since = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new RhythmStore(file.StorePath).Read(
            connection => HistoryQueries.Recent(connection, group, limit, since, withSteps: true),
            () => []);
    }

    /// <summary>Load samples since <paramref name="since"/> (the latest <paramref name="limit"/>), oldest first.</summary>
    public static IReadOnlyList<MetricPoint> Metrics(JobsFile file, DateTimeOffset? since, int limit = 100_000)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new RhythmStore(file.StorePath).Read<IReadOnlyList<MetricPoint>>(
            connection => MetricsRecorder.Since(connection, since, limit),
            () => []);
    }

    private static GroupStatus Describe(GroupDefinition group, GroupState? state, QuartzTrigger? trigger, RunRecord? skipped)
    {
        var stateText = !group.Enabled ? "disabled"
            : trigger is null ? "not-scheduled"
            : trigger.Paused ? "paused"
            : state?.LastOutcome == "running" ? "running"
            : state?.IsWaiting == true ? "waiting"
            : "scheduled";
        var baseInterval = group.Schedule is EverySchedule every ? every.Interval : (TimeSpan?)null;
        return new GroupStatus
        {
            Name = group.Name,
            Schedule = group.Schedule.Describe(),
            Priority = group.Priority.ToString().ToLowerInvariant(),
            After = group.After,
            State = stateText,
            NextFireAt = trigger?.NextFireAt,
            LastOutcome = state?.LastOutcome,
            LastStartedAt = state?.LastStartedAt,
            LastSucceededAt = state?.LastSucceededAt,
            LastSkippedAt = skipped?.ScheduledAt ?? skipped?.StartedAt,
            SkipReason = skipped?.Reason,
            WaitingFor = state?.IsWaiting == true ? state.WaitingReason : null,
            BaseInterval = baseInterval,
            CurrentInterval = baseInterval is null ? null : state?.CurrentInterval ?? baseInterval,
            IntervalReason = baseInterval is null ? null : state?.IntervalReason,
        };
    }

    private sealed record QuartzTrigger(DateTimeOffset? NextFireAt, bool Paused);

    /// <summary>Reads fire times straight from Quartz's table; a second scheduler on the store would run misfire recovery.</summary>
    private static class QuartzTriggers
    {
        public static Dictionary<string, QuartzTrigger> Read(SqliteConnection connection, string schedulerName)
        {
            var triggers = new Dictionary<string, QuartzTrigger>(StringComparer.Ordinal);
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT TRIGGER_NAME, NEXT_FIRE_TIME, TRIGGER_STATE FROM QRTZ_TRIGGERS
                WHERE SCHED_NAME = $scheduler AND TRIGGER_GROUP = $group;
                """;
            command.Parameters.AddWithValue("$scheduler", schedulerName);
            command.Parameters.AddWithValue("$group", RhythmKeys.QuartzGroup);
            try
            {
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    DateTimeOffset? next = reader.IsDBNull(1) ? null : new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero);
                    var state = reader.IsDBNull(2) ? string.Empty : reader.GetString(2);
                    triggers[reader.GetString(0)] = new QuartzTrigger(next, state.StartsWith("PAUSED", StringComparison.Ordinal));
                }
            }
            catch (SqliteException exception) when (exception.SqliteErrorCode == 1)
            {
                // No Quartz tables yet: the host created the store but has not started the scheduler.
            }

            return triggers;
        }
    }
}
