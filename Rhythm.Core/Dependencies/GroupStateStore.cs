using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Rhythm.Store;

namespace Rhythm.Dependencies;

/// <summary>
/// Group state (last start, last success, waiting, current interval) kept in memory for the firing path and
/// written through to the store so that it survives a restart.
/// </summary>
/// <remarks>One host owns a store, so the in-memory copy is authoritative while it runs.</remarks>
internal sealed class GroupStateStore
{
    private readonly RhythmStore _store;
    private readonly ConcurrentDictionary<string, GroupState> _states = new(StringComparer.Ordinal);

    public GroupStateStore(RhythmStore store)
    {
        _store = store;
    }

    public void Load()
    {
        using var connection = _store.Open();
        foreach (var state in ReadAll(connection))
        {
            _states[state.Group] = state;
        }
    }

    public GroupState Get(string group) => _states.TryGetValue(group, out var state) ? state : new GroupState { Group = group };

    /// <remarks>Written in <paramref name="transaction"/>, the run start's, when one is given.</remarks>
    public void MarkStarted(string group, DateTimeOffset at, SqliteTransaction? transaction = null)
        => Update(group, s => s with { LastStartedAt = at, LastOutcome = "running", WaitingSince = null, WaitingReason = null }, transaction);

    /// <remarks>Written in <paramref name="transaction"/>, the run end's, when one is given.</remarks>
    public void MarkFinished(string group, string outcome, bool succeeded, DateTimeOffset at, SqliteTransaction? transaction = null)
        => Update(group, s => s with { LastOutcome = outcome, LastSucceededAt = succeeded ? at : s.LastSucceededAt }, transaction);

    /// <summary>
    /// Groups whose run a host that died left "running": the run is recorded as interrupted at start-up, and the
    /// state says so too, or status would show them running until their next run.
    /// </summary>
    public void MarkInterrupted()
    {
        foreach (var state in _states.Values.Where(s => s.LastOutcome == "running").ToList())
        {
            // The time only counts for a success.
            MarkFinished(state.Group, "interrupted", succeeded: false, default);
        }
    }

    public void MarkWaiting(string group, DateTimeOffset since, string reason)
        => Update(group, s => s with { WaitingSince = s.WaitingSince ?? since, WaitingReason = reason });

    public void ClearWaiting(string group)
        => Update(group, s => s with { WaitingSince = null, WaitingReason = null });

    public void SetInterval(string group, TimeSpan baseInterval, TimeSpan current, string reason)
        => Update(group, s => s with { BaseInterval = baseInterval, CurrentInterval = current, IntervalReason = reason });

    public void Remove(string group)
    {
        _states.TryRemove(group, out _);
        using var connection = _store.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM rhythm_group_state WHERE group_name = $group;";
        command.Parameters.AddWithValue("$group", group);
        command.ExecuteNonQuery();
    }

    internal static List<GroupState> ReadAll(SqliteConnection connection)
    {
        var states = new List<GroupState>();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT group_name, last_started_at, last_succeeded_at, last_outcome, waiting_since, waiting_reason,
                   base_interval_ms, current_interval_ms, interval_reason
            FROM rhythm_group_state;
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            states.Add(new GroupState
            {
                Group = reader.GetString(0),
                LastStartedAt = StoreTime.FromStore(reader.GetValue(1)),
                LastSucceededAt = StoreTime.FromStore(reader.GetValue(2)),
                LastOutcome = reader.IsDBNull(3) ? null : reader.GetString(3),
                WaitingSince = StoreTime.FromStore(reader.GetValue(4)),
                WaitingReason = reader.IsDBNull(5) ? null : reader.GetString(5),
                BaseInterval = reader.IsDBNull(6) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(6)),
                CurrentInterval = reader.IsDBNull(7) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(7)),
                IntervalReason = reader.IsDBNull(8) ? null : reader.GetString(8),
            });
        }

        return states;
    }

    private void Update(string group, Func<GroupState, GroupState> change, SqliteTransaction? transaction = null)
    {
        // The re-timer sets the same interval after nearly every run; a write that changes nothing would still take
        // the store's write lock that the next fire is waiting for.
        var unchanged = false;
        var updated = _states.AddOrUpdate(
            group,
            g =>
            {
                unchanged = false;
                return change(new GroupState { Group = g });
            },
            (_, s) =>
            {
                var next = change(s);
                unchanged = next == s;
                return unchanged ? s : next;
            });
        // In a run's start or end transaction the lock is taken anyway, and the write must be made again when the
        // store writer retries that transaction's writes one by one.
        if (!unchanged || transaction is not null)
        {
            Write(updated, transaction);
        }
    }

    private void Write(GroupState state, SqliteTransaction? transaction)
    {
        using var own = transaction is null ? _store.Open() : null;
        using var command = (transaction?.Connection ?? own!).CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO rhythm_group_state (group_name, last_started_at, last_succeeded_at, last_outcome, waiting_since,
                waiting_reason, base_interval_ms, current_interval_ms, interval_reason)
            VALUES ($group, $started, $succeeded, $outcome, $waiting, $reason, $base, $current, $intervalReason)
            ON CONFLICT (group_name) DO UPDATE SET
                last_started_at = excluded.last_started_at, last_succeeded_at = excluded.last_succeeded_at,
                last_outcome = excluded.last_outcome, waiting_since = excluded.waiting_since,
                waiting_reason = excluded.waiting_reason, base_interval_ms = excluded.base_interval_ms,
                current_interval_ms = excluded.current_interval_ms, interval_reason = excluded.interval_reason;
            """;
        command.Parameters.AddWithValue("$group", state.Group);
        command.Parameters.AddWithValue("$started", StoreTime.ToStore(state.LastStartedAt));
        command.Parameters.AddWithValue("$succeeded", StoreTime.ToStore(state.LastSucceededAt));
        command.Parameters.AddWithValue("$outcome", (object?)state.LastOutcome ?? DBNull.Value);
        command.Parameters.AddWithValue("$waiting", StoreTime.ToStore(state.WaitingSince));
        command.Parameters.AddWithValue("$reason", (object?)state.WaitingReason ?? DBNull.Value);
        command.Parameters.AddWithValue("$base", state.BaseInterval is { } b ? (long)b.TotalMilliseconds : DBNull.Value);
        command.Parameters.AddWithValue("$current", state.CurrentInterval is { } c ? (long)c.TotalMilliseconds : DBNull.Value);
        command.Parameters.AddWithValue("$intervalReason", (object?)state.IntervalReason ?? DBNull.Value);
        command.ExecuteNonQuery();
    }
}
