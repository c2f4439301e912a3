using System.Reflection;
using Quartz.Impl.AdoJobStore;

namespace Rhythm.Store;

/// <summary>
/// Quartz's SQLite dialect with one change: among triggers that are already due, the highest priority is acquired
/// first, whatever its due time.
/// </summary>
/// <remarks>
/// <para>
/// Quartz orders acquisition by due time and uses priority only to break exact ties. On a saturated pool every
/// trigger is late, so a critical group queues behind every older medium one (measured: a median wait of 4.8 s
/// with 42 groups on 2 cores). Ordering due triggers by priority first means a critical group waits for at most
/// one slot to free. Triggers not yet due keep Quartz's order, so nothing fires early.
/// </para>
/// <para>
/// The order is one statement in two parts, due triggers then the rest, each read in the order of an index so
/// that an acquisition reads a batch, not the backlog. A single <c>ORDER BY CASE ...</c> gives the same order but
/// no index can serve it: every acquisition sorted every waiting trigger, which cut a backlog's throughput to a
/// third of Quartz's.
/// </para>
/// </remarks>
internal sealed class PriorityFirstSqliteDelegate : SQLiteDelegate
{
    /// <summary>The index that serves the due part: priority first, then due time.</summary>
    internal const string DueIndexSql =
        "CREATE INDEX IF NOT EXISTS {0}RHYTHM_T_PRIORITY_NFT ON {0}TRIGGERS (SCHED_NAME, TRIGGER_STATE, PRIORITY DESC, NEXT_FIRE_TIME)";

    private const string OrderBy = "ORDER BY";
    private const string QuartzOrder = "NEXT_FIRE_TIME ASC, PRIORITY DESC";
    private const string UpperBound = "NEXT_FIRE_TIME <= @noLaterThan";

    // @misfireCountedFrom is the acquisition's "now": a trigger at or before it is due. The unary + keeps SQLite
    // from reading the due part through Quartz's due-time index, which would leave the priority order to a sort.
    private const string DueFilterAndOrder = " AND +t.NEXT_FIRE_TIME <= @misfireCountedFrom ORDER BY t.PRIORITY DESC, t.NEXT_FIRE_TIME ASC";
    private const string NotDueFilterAndOrder = " AND t.NEXT_FIRE_TIME > @misfireCountedFrom ORDER BY t.NEXT_FIRE_TIME ASC, t.PRIORITY DESC";

    // Quartz keeps its faster paths (fire on acquisition, batched rounds, reading only the late triggers of a job
    // its completion unblocks) for the dialects it ships, judged by exact type, because a subclass's override of a
    // single-trigger statement would be bypassed by them. This dialect overrides no such statement, only the
    // acquisition read, which every path calls; without them a backlog of one-off runs drained at a third of the
    // rate, most of it re-reading every waiting trigger of a job at each completion.
    private static readonly FieldInfo? ShippedFlag = typeof(StdAdoDelegate).GetField("shipped", BindingFlags.Instance | BindingFlags.NonPublic);

    private volatile bool _indexed;

    public PriorityFirstSqliteDelegate()
    {
        ShippedFlag?.SetValue(this, true);
    }

    /// <summary>True when Quartz treats this dialect as one of its own, as the comment on the flag explains.</summary>
    internal static bool TreatedAsShipped => ShippedFlag?.FieldType == typeof(bool?);

    public override async ValueTask<List<TriggerAcquireResult>> SelectTriggersToAcquire(
        ConnectionAndTransactionHolder conn, TriggerAcquisitionCriteria criteria, CancellationToken cancellationToken = default)
    {
        // Here rather than in Rhythm's migrations: Quartz creates its tables after those run on a new store, and
        // whoever uses this order needs the index with it.
        if (!_indexed)
        {
            using var command = PrepareCommand(conn, ReplaceTablePrefix(DueIndexSql));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _indexed = true;
        }

        return await base.SelectTriggersToAcquire(conn, criteria, cancellationToken).ConfigureAwait(false);
    }

    protected override string GetSelectNextTriggerToAcquireSql(TriggerAcquisitionSqlShape shape)
        => PriorityFirst(base.GetSelectNextTriggerToAcquireSql(shape));

    /// <summary>Rewrites Quartz's acquisition statement; one whose shape is not recognised is returned unchanged.</summary>
    internal static string PriorityFirst(string sql)
    {
        var orderAt = sql.LastIndexOf(OrderBy, StringComparison.Ordinal);
        var quartzOrderAt = sql.LastIndexOf(QuartzOrder, StringComparison.Ordinal);
        if (orderAt < 0 || quartzOrderAt < orderAt || !sql.Contains(UpperBound, StringComparison.Ordinal))
        {
            return sql;
        }

        var select = sql[..orderAt].TrimEnd();
        var limit = sql[(quartzOrderAt + QuartzOrder.Length)..];
        var due = select.Replace(UpperBound, "+" + UpperBound, StringComparison.Ordinal) + DueFilterAndOrder + limit;
        var notDue = select + NotDueFilterAndOrder + limit;

        // SQLite returns a UNION ALL's parts in the order they are written.
        return $"SELECT * FROM ({due}) UNION ALL SELECT * FROM ({notDue}){limit}";
    }
}
