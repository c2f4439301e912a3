using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Rhythm.Jobs.Processes.Linux;
using Rhythm.Jobs.Processes.Windows;

namespace Rhythm.Jobs.Processes;

/// <summary>
/// Everything one step started: its process and every descendant, including those that left its process group
/// or session. Stopping the tree stops all of them; a step's run ends only when the tree is gone.
/// </summary>
internal abstract class ProcessTree : IDisposable
{
    /// <summary>How often a stop re-checks the tree.</summary>
    protected static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>How long SIGKILL may take before the stop gives up (a process in uninterruptible I/O cannot die sooner).</summary>
    protected static readonly TimeSpan KillLimit = TimeSpan.FromSeconds(10);

    /// <summary>Takes ownership of the tree of a process just started for <paramref name="step"/>.</summary>
    public static ProcessTree Adopt(Process root, TrackedStep step, ProcessTracker tracker, ILogger logger)
    {
        if (OperatingSystem.IsLinux())
        {
            return new LinuxProcessTree(step.ProcessId, step.StartedAt, step.TreeId, tracker, logger, LinuxTreeScope.Step);
        }

        if (OperatingSystem.IsWindows())
        {
            return WindowsProcessTree.Adopt(root, tracker, logger);
        }

        return new PortableProcessTree(root);
    }

    /// <summary>The start time the ledger records: ticks after boot from /proc on Linux, UTC ticks elsewhere; 0 when the process is already gone.</summary>
    public static long ReadStartTime(Process process)
    {
        if (OperatingSystem.IsLinux())
        {
            return ProcFs.TryRead(process.Id, out var entry) ? entry.StartTicks : 0;
        }

        try
        {
            return process.StartTime.ToUniversalTime().Ticks;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return 0;
        }
    }

    /// <summary>The ids of the tree's processes that are still running (zombies not counted).</summary>
    public abstract IReadOnlyList<int> Running();

    /// <summary>Asks every process of the tree to stop, waits up to <paramref name="grace"/>, then kills what is left.</summary>
    /// <returns>How many processes were still running when the grace period ended and had to be killed.</returns>
    public abstract Task<int> StopAsync(TimeSpan grace, TimeProvider time);

    /// <summary>Waits until the tree's processes are gone, reaping those that re-parented to the host; returns the ids still there.</summary>
    public abstract Task<IReadOnlyList<int>> WaitGoneAsync(TimeSpan limit, TimeProvider time);

    /// <summary>Reaps tree processes that ended after re-parenting to the host, so that a long step leaves no zombies meanwhile.</summary>
    public virtual void ReapOrphans()
    {
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
