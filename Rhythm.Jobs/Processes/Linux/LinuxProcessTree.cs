using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;

namespace Rhythm.Jobs.Processes.Linux;

/// <summary>
/// A step's tree on Linux. The root runs in its own session (started through setsid), so one signal to the group
/// reaches every descendant that stayed; the rest are found in /proc: by the tree id every descendant inherits in
/// its environment, by parent links, and, because the host is a child subreaper, as orphans re-parented to the host.
/// </summary>
/// <remarks>
/// Processes are always named by id and start time together, so a recycled id is never signalled. The root is
/// .NET's child and only .NET reaps it; zombies of other tree processes that re-parented to the host are reaped
/// here with waitpid on their exact id, never waitpid(-1), which would steal the exit status of .NET's own children.
/// </remarks>
[SupportedOSPlatform("linux")]
internal sealed class LinuxProcessTree(
    int rootId,
    long rootStart,
    string? treeId,
    ProcessTracker tracker,
    ILogger logger,
    LinuxTreeScope scope) : ProcessTree
{
    private readonly HashSet<(int Id, long Start)> _known = [];
    private readonly Lock _knownGate = new();

    public override IReadOnlyList<int> Running() => [.. Members().Where(m => m.IsAlive).Select(m => m.ProcessId)];

    public override async Task<int> StopAsync(TimeSpan grace, TimeProvider time)
    {
        var members = Members();
        var running = members.Where(m => m.IsAlive).ToList();
        if (running.Count == 0)
        {
            Reap(members);
            return 0;
        }

        logger.StoppingTree(running.Count, grace);
        // Asked once: what a TERM handler starts is its clean-up, and asking the group again would interrupt the
        // handler and run it anew. Whatever is still alive when the grace period ends is killed below.
        Signal(running, LinuxNative.SigTerm);
        var started = time.GetTimestamp();
        while (running.Count > 0 && time.GetElapsedTime(started) < grace)
        {
            await Task.Delay(PollInterval, time).ConfigureAwait(false);
            members = Members();
            Reap(members);
            running = members.Where(m => m.IsAlive).ToList();
        }

        var killed = running.Count;
        started = time.GetTimestamp();
        while (running.Count > 0 && time.GetElapsedTime(started) < KillLimit)
        {
            Signal(running, LinuxNative.SigKill);
            await Task.Delay(PollInterval, time).ConfigureAwait(false);
            members = Members();
            Reap(members);
            running = members.Where(m => m.IsAlive).ToList();
        }

        return killed;
    }

    public override async Task<IReadOnlyList<int>> WaitGoneAsync(TimeSpan limit, TimeProvider time)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var members = Members();
            Reap(members);

            // A zombie whose parent is another process is that parent's to reap (or init's, after re-parenting).
            var left = Members().Where(m => m.IsAlive || m.ParentId == LinuxHost.ProcessId).Select(m => m.ProcessId).ToList();
            if (left.Count == 0 || time.GetElapsedTime(started) >= limit)
            {
                return left;
            }

            await Task.Delay(PollInterval, time).ConfigureAwait(false);
        }
    }

    public override void ReapOrphans() => Reap(Members());

    /// <summary>Every process of the tree, zombies included, from one reading of /proc.</summary>
    internal List<ProcEntry> Members()
    {
        var snapshot = ProcFs.Snapshot();
        var hostId = LinuxHost.ProcessId;
        var others = tracker.Running().Where(s => s.ProcessId != rootId).ToList();
        var members = new Dictionary<int, ProcEntry>();
        foreach (var entry in snapshot)
        {
            if (entry.ProcessId != hostId && Belongs(entry, hostId, others))
            {
                members[entry.ProcessId] = entry;
            }
        }

        // Descendants of members are members, whatever session or environment they chose.
        var children = snapshot.ToLookup(e => e.ParentId);
        var pending = new Stack<int>(members.Keys);
        while (pending.TryPop(out var parent))
        {
            foreach (var child in children[parent])
            {
                if (child.ProcessId != hostId && members.TryAdd(child.ProcessId, child))
                {
                    pending.Push(child.ProcessId);
                }
            }
        }

        lock (_knownGate)
        {
            foreach (var member in members.Values)
            {
                _known.Add((member.ProcessId, member.StartTicks));
            }
        }

        return [.. members.Values];
    }

    private bool Belongs(ProcEntry entry, int hostId, List<TrackedStep> others)
    {
        if (entry.ProcessId == rootId)
        {
            return entry.StartTicks == rootStart;
        }

        // Nothing started before the root can descend from it; this also keeps a recycled id out.
        if (entry.StartTicks < rootStart)
        {
            return false;
        }

        lock (_knownGate)
        {
            if (_known.Contains((entry.ProcessId, entry.StartTicks)))
            {
                return true;
            }
        }

        // While any member is alive the kernel does not hand the root's id out again, so the session and group are ours.
        if (scope != LinuxTreeScope.TreeIdOnly && (entry.SessionId == rootId || entry.GroupId == rootId))
        {
            return true;
        }

        if (tracker.IsRoot(entry.ProcessId) || others.Any(o => entry.SessionId == o.ProcessId || entry.GroupId == o.ProcessId))
        {
            return false;
        }

        // With setsid every step runs in a session of its own, so a process still in the host's session is not a step's.
        var inHostSession = entry.SessionId == LinuxHost.SessionId;
        if (inHostSession && LinuxHost.Setsid is not null)
        {
            return false;
        }

        var id = entry.IsAlive ? ProcFs.ReadEnvironmentVariable(entry.ProcessId, StepEnvironment.TreeVariable) : null;
        if (id is not null)
        {
            return string.Equals(id, treeId, StringComparison.Ordinal);
        }

        // An orphan that cleared its environment (or already ended) and re-parented to the host belongs to a step
        // that was running when it started; while another such step still runs, the last of them to end stops it.
        // In the host's own session it could be a child the app started itself, which only .NET may reap.
        return scope == LinuxTreeScope.Step
            && !inHostSession
            && entry.ParentId == hostId
            && !others.Any(o => o.StartedAt <= entry.StartTicks);
    }

    private void Signal(IEnumerable<ProcEntry> targets, int signal)
    {
        var group = false;
        foreach (var target in targets)
        {
            group |= target.GroupId == rootId;
            if (ProcFs.IsSame(target.ProcessId, target.StartTicks))
            {
                LinuxNative.Signal(target.ProcessId, signal);
            }
        }

        // The group signal reaches at once a child forked since the snapshot; the group id is still ours because a member was just seen in it.
        if (group && scope != LinuxTreeScope.TreeIdOnly)
        {
            LinuxNative.Signal(-rootId, signal);
        }
    }

    private void Reap(List<ProcEntry> members)
    {
        if (!members.Any(m => m.IsZombie && m.ParentId == LinuxHost.ProcessId))
        {
            return;
        }

        lock (tracker.StartGate)
        {
            foreach (var member in members)
            {
                // A step's root is .NET's child; a previous host's root re-parented here is nobody's but ours.
                if (member.IsZombie && member.ParentId == LinuxHost.ProcessId
                    && (scope != LinuxTreeScope.Step || member.ProcessId != rootId)
                    && !tracker.IsRoot(member.ProcessId)
                    && ProcFs.TryRead(member.ProcessId, out var now) && now.StartTicks == member.StartTicks && now.IsZombie
                    && now.ParentId == LinuxHost.ProcessId)
                {
                    LinuxNative.TryReap(member.ProcessId);
                }
            }
        }
    }
}
