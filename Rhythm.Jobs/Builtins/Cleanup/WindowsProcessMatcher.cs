using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Microsoft.Win32.SafeHandles;
using Rhythm.Jobs.Processes;
using Rhythm.Jobs.Processes.Windows;

namespace Rhythm.Jobs.Builtins.Cleanup;

/// <summary>
/// The Windows side of <see cref="ProcessMatcher"/>: command lines, parents and start times from the kernel; a running
/// step's processes are told by their Job Object.
/// </summary>
[SupportedOSPlatform("windows")]
internal static class WindowsProcessMatcher
{
    public static List<MatchingProcess> Find(Regex pattern, TimeSpan olderThan, ProcessTracker tracker)
    {
        var now = DateTime.UtcNow.Ticks;
        var jobs = tracker.Jobs();
        var parents = new Dictionary<int, int>();
        var candidates = new List<MatchingProcess>();
        foreach (var id in ProcessIds())
        {
            using var handle = WindowsProcessInfo.Open(id, WindowsProcessInfo.CommandLineAccess) ?? WindowsProcessInfo.Open(id);
            if (handle is null)
            {
                // Gone, or another user's or a protected process: nothing Rhythm could kill either.
                continue;
            }

            var known = WindowsProcessInfo.TryBasicInformation(handle, out var info);
            parents[id] = known ? (int)info.InheritedFromUniqueProcessId : 0;
            var started = WindowsProcessInfo.StartTicks(handle);
            var age = TimeSpan.FromTicks(now - started);
            if (!known || started == 0 || age < olderThan || !WindowsProcessInfo.IsRunning(handle))
            {
                continue;
            }

            var commandLine = WindowsProcessInfo.CommandLine(handle, info);
            if (commandLine.Length > 0 && ProcessMatcher.Matches(pattern, commandLine) && !InStepJob(handle, jobs))
            {
                candidates.Add(new MatchingProcess(id, started, commandLine, age));
            }
        }

        // A step whose Job Object could not be made is known by its main process only.
        var spared = ProcessMatcher.HostAndAncestors(parents);
        spared.UnionWith(tracker.Running().Select(s => s.ProcessId));
        return [.. candidates.Where(c => !spared.Contains(c.ProcessId))];
    }

    public static bool IsSame(MatchingProcess target)
    {
        using var handle = WindowsProcessInfo.Open(target.ProcessId);
        return handle is not null && WindowsProcessInfo.StartTicks(handle) == target.StartTicks && WindowsProcessInfo.IsRunning(handle);
    }

    public static void Terminate(MatchingProcess target)
    {
        using var handle = WindowsProcessInfo.Open(target.ProcessId, WindowsNative.ProcessTerminate);
        if (handle is not null && WindowsProcessInfo.StartTicks(handle) == target.StartTicks)
        {
            WindowsNative.TerminateProcess(handle, 1);
        }
    }

    private static List<int> ProcessIds()
    {
        var processes = Process.GetProcesses();
        var ids = processes.Select(p => p.Id).ToList();
        foreach (var process in processes)
        {
            process.Dispose();
        }

        return ids;
    }

    private static bool InStepJob(SafeProcessHandle process, IReadOnlyList<SafeHandle> jobs)
    {
        foreach (var job in jobs)
        {
            try
            {
                if (WindowsNative.IsProcessInJob(process, job, out var inJob) && inJob)
                {
                    return true;
                }
            }
            catch (ObjectDisposedException)
            {
                // That step ended while we looked.
            }
        }

        return false;
    }
}
