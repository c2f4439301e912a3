using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Rhythm.Jobs.Processes;
using Rhythm.Jobs.Processes.Linux;

namespace Rhythm.Jobs.Builtins.Cleanup;

/// <summary>The Linux side of <see cref="ProcessMatcher"/>: processes and their command lines from /proc, stopped by signals.</summary>
[SupportedOSPlatform("linux")]
internal static partial class LinuxProcessMatcher
{
    private const int ClockTicksName = 2; // _SC_CLK_TCK

    public static List<MatchingProcess> Find(Regex pattern, TimeSpan olderThan, ProcessTracker tracker)
    {
        var snapshot = ProcFs.Snapshot();
        var spared = ProcessMatcher.HostAndAncestors(snapshot.ToDictionary(e => e.ProcessId, e => e.ParentId));
        var running = tracker.Running().Select(s => s.TreeId).ToHashSet(StringComparer.Ordinal);
        var uptime = Uptime();
        var ticksPerSecond = (double)ClockTicksPerSecond();
        var found = new List<MatchingProcess>();
        foreach (var entry in snapshot)
        {
            if (!entry.IsAlive || spared.Contains(entry.ProcessId))
            {
                continue;
            }

            var age = uptime - TimeSpan.FromSeconds(entry.StartTicks / ticksPerSecond);
            if (age < olderThan)
            {
                continue;
            }

            // Kernel threads have an empty command line; there is nothing to match and nothing a user would mean.
            var commandLine = CommandLine(entry.ProcessId);
            if (string.IsNullOrEmpty(commandLine) || !ProcessMatcher.Matches(pattern, commandLine))
            {
                continue;
            }

            var tree = ProcFs.ReadEnvironmentVariable(entry.ProcessId, StepEnvironment.TreeVariable);
            if (tree is not null && running.Contains(tree))
            {
                continue;
            }

            found.Add(new MatchingProcess(entry.ProcessId, entry.StartTicks, commandLine, age));
        }

        return found;
    }

    public static bool IsSame(MatchingProcess target) => ProcFs.IsSame(target.ProcessId, target.StartTicks);

    public static void Signal(MatchingProcess target, bool kill)
    {
        // Checked again just before the signal: the id must still name the process that matched.
        if (IsSame(target))
        {
            LinuxNative.Signal(target.ProcessId, kill ? LinuxNative.SigKill : LinuxNative.SigTerm);
        }
    }

    private static string CommandLine(int pid)
    {
        try
        {
            var bytes = File.ReadAllBytes(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/cmdline"));
            return Encoding.UTF8.GetString(bytes).TrimEnd('\0').Replace('\0', ' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    /// <summary>Time since boot as the kernel counts process start times (CLOCK_BOOTTIME, suspend included).</summary>
    private static TimeSpan Uptime()
    {
        var text = File.ReadAllText("/proc/uptime");
        return TimeSpan.FromSeconds(double.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    private static long ClockTicksPerSecond()
    {
        var ticks = (long)Sysconf(ClockTicksName);

        // USER_HZ is 100 on every common architecture; sysconf can only fail on a libc that does not know the name.
        return ticks > 0 ? ticks : 100;
    }

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial nint Sysconf(int name);
}
