using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Rhythm.Jobs.Processes;
using Rhythm.Jobs.Processes.Linux;
using Rhythm.Model;
using Rhythm.Scheduling;
using Rhythm.Steps;

namespace Rhythm.Jobs.Orphans;

/// <summary>
/// Stops what a previous host left running: every ledger record whose process is still the same process (id and
/// OS start time both match, so a recycled id is never touched) has its whole tree stopped, then the record is dropped.
/// On Linux it also stops processes that ran for this store under a host that is gone, found by the variables every
/// step inherits, which covers a host killed between starting a step and recording it.
/// </summary>
internal sealed class OrphanSweeper(IProcessLedger ledger, ProcessTracker tracker, TimeProvider time, ILogger<OrphanSweeper> logger,
    RhythmModel? model = null)
{
    /// <summary>How long orphans get between SIGTERM and SIGKILL: nobody waits for their results any more.</summary>
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan GoneLimit = TimeSpan.FromSeconds(10);

    public async Task<IReadOnlyList<KilledOrphan>> SweepAsync(TimeSpan grace)
    {
        var records = ledger.List();
        var killed = new List<KilledOrphan>();
        if (records.Count == 0 && !OperatingSystem.IsLinux())
        {
            return killed;
        }

        var done = OperatingSystem.IsLinux()
            ? await SweepLinuxAsync(records, grace, killed).ConfigureAwait(false)
            : SweepOther(records, killed);

        foreach (var record in done)
        {
            ledger.Remove(record.ProcessId, record.StartedAt);
        }

        foreach (var orphan in killed)
        {
            logger.KilledOrphan(orphan.ProcessId, orphan.Group, orphan.Step);
        }

        if (records.Count > 0 || killed.Count > 0)
        {
            logger.OrphanSweepDone(records.Count, killed.Count);
        }

        return killed;
    }

    [SupportedOSPlatform("linux")]
    private async Task<List<ProcessRecord>> SweepLinuxAsync(IReadOnlyList<ProcessRecord> records, TimeSpan grace, List<KilledOrphan> killed)
    {
        var done = new List<ProcessRecord>();
        var trees = new List<(ProcessRecord Record, LinuxProcessTree Tree)>();
        var deadRoots = new List<ProcessRecord>();
        foreach (var record in records)
        {
            if (tracker.IsRoot(record.ProcessId))
            {
                continue;
            }

            if (ProcFs.TryRead(record.ProcessId, out var root) && root.StartTicks == record.StartedAt && root.IsAlive)
            {
                // A step root is its host's direct child: while that parent link holds, a live host (sharing the store) owns it.
                if (root.ParentId == record.HostProcessId && record.HostProcessId != LinuxHost.ProcessId)
                {
                    continue;
                }

                var treeId = ProcFs.ReadEnvironmentVariable(record.ProcessId, StepEnvironment.TreeVariable);
                trees.Add((record, new LinuxProcessTree(record.ProcessId, record.StartedAt, treeId, tracker, logger, LinuxTreeScope.Orphan)));
            }
            else if (!ProcFs.TryRead(record.HostProcessId, out _) || record.HostProcessId == LinuxHost.ProcessId)
            {
                deadRoots.Add(record);
            }

            done.Add(record);
        }

        trees.AddRange(FindSurvivors(deadRoots, trees.Select(t => t.Record.ProcessId)));
        var found = trees.Select(t => (t.Record, Members: t.Tree.Running())).ToList();
        await Task.WhenAll(trees.Select(t => t.Tree.StopAsync(grace, time))).ConfigureAwait(false);
        await Task.WhenAll(trees.Select(t => t.Tree.WaitGoneAsync(GoneLimit, time))).ConfigureAwait(false);
        foreach (var (record, members) in found)
        {
            killed.AddRange(members.Select(id => new KilledOrphan(id, record.Group, record.Step)));
        }

        foreach (var (_, tree) in trees)
        {
            tree.Dispose();
        }

        return done;
    }

    /// <summary>
    /// A tree whose root is gone, or was never recorded, may still have members: they are found by the tree id they
    /// inherited, which starts with the id of the host that started them, and for unrecorded ones by the store they
    /// ran for, under a host that is gone.
    /// </summary>
    [SupportedOSPlatform("linux")]
    private List<(ProcessRecord, LinuxProcessTree)> FindSurvivors(List<ProcessRecord> deadRoots, IEnumerable<int> handledRoots)
    {
        var result = new List<(ProcessRecord, LinuxProcessTree)>();
        var store = StorePath();
        if (deadRoots.Count == 0 && store is null)
        {
            return result;
        }

        var ours = tracker.Running().Select(s => s.TreeId).ToHashSet(StringComparer.Ordinal);
        var handled = handledRoots.ToHashSet();
        var earliest = deadRoots.Count == 0 ? long.MaxValue : deadRoots.Min(r => r.StartedAt);
        var hosts = deadRoots.Select(r => r.HostProcessId).ToHashSet();
        var snapshot = ProcFs.Snapshot();
        var byId = snapshot.ToDictionary(e => e.ProcessId);
        var groups = new Dictionary<string, (int Host, List<ProcEntry> Members, string? Group, string? Step)>(StringComparer.Ordinal);
        foreach (var entry in snapshot)
        {
            if (!entry.IsAlive || entry.SessionId == LinuxHost.SessionId || handled.Contains(entry.SessionId))
            {
                continue;
            }

            var variables = ProcFs.ReadEnvironmentVariables(entry.ProcessId,
                StepEnvironment.TreeVariable, StepEnvironment.StoreVariable, StepEnvironment.GroupVariable, StepEnvironment.StepVariable);
            var treeId = variables[0];
            var separator = treeId?.IndexOf(':', StringComparison.Ordinal) ?? -1;
            if (treeId is null || separator < 0 || ours.Contains(treeId)
                || !int.TryParse(treeId.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var host))
            {
                continue;
            }

            // Unrecorded: the host that named the tree is gone (or its id now names a later process), and it ran for this store.
            var recorded = hosts.Contains(host) && entry.StartTicks >= earliest;
            var outlived = byId.TryGetValue(host, out var hostEntry) && hostEntry.IsAlive && hostEntry.StartTicks <= entry.StartTicks;
            if (!recorded && (store is null || outlived || variables[1] != store))
            {
                continue;
            }

            if (!groups.TryGetValue(treeId, out var tree))
            {
                groups[treeId] = tree = (host, [], variables[2], variables[3]);
            }

            tree.Members.Add(entry);
        }

        foreach (var (treeId, (host, members, group, step)) in groups)
        {
            var candidates = deadRoots.Where(r => r.HostProcessId == host).ToList();

            // The root's session id outlives the root while its members live, so it names the record they came from;
            // a tree its host never recorded is named by its session leader, as the ledger would have named it.
            var first = members.MinBy(m => m.StartTicks)!;
            var record = candidates.FirstOrDefault(r => members.Any(m => m.SessionId == r.ProcessId || m.GroupId == r.ProcessId))
                ?? candidates.MinBy(r => r.StartedAt)
                ?? new ProcessRecord(first.SessionId, first.StartTicks, group ?? "?", step ?? "?", host);
            var rootStart = Math.Min(record.StartedAt, members.Min(m => m.StartTicks));
            result.Add((record, new LinuxProcessTree(record.ProcessId, rootStart, treeId, tracker, logger, LinuxTreeScope.TreeIdOnly)));
        }

        return result;
    }

    private string? StorePath()
    {
        try
        {
            return model?.Current.StorePath;
        }
        catch (JobsFileException)
        {
            return null;
        }
    }

    internal List<ProcessRecord> SweepOther(IReadOnlyList<ProcessRecord> records, List<KilledOrphan> killed)
    {
        var done = new List<ProcessRecord>();
        foreach (var record in records)
        {
            // A second host started on the same store sweeps before it finds the store taken; the first host's
            // running steps are not orphans. Without /proc a step's parent is unknown, so a live process with the
            // recorded host id stands for that host; a recycled id only spares a tree the Job Object already ended.
            if (tracker.IsRoot(record.ProcessId)
                || (record.HostProcessId != Environment.ProcessId && IsAlive(record.HostProcessId)))
            {
                continue;
            }

            done.Add(record);
            try
            {
                using var process = Process.GetProcessById(record.ProcessId);
                if (ProcessTree.ReadStartTime(process) != record.StartedAt)
                {
                    continue;
                }

                // Without /proc the descendants are found through parent ids only; on Windows the Job Object
                // normally killed them already when the previous host's handle closed.
                process.Kill(entireProcessTree: true);
                killed.Add(new KilledOrphan(record.ProcessId, record.Group, record.Step));
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone already, or not ours to touch.
            }
        }

        return done;
    }

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
