using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Rhythm.Jobs.Processes;
using Rhythm.Jobs.Processes.Linux;

namespace Rhythm.Jobs.Builtins.Cleanup;

/// <summary>
/// Finds and kills the processes <c>killPattern</c> names. It never touches the host, its ancestors (killing the
/// service manager or the shell that started the host would take the host down with it), or a process of a step
/// that is still running (that step's timeout governs it, and killing it would fail the step for no reason).
/// </summary>
[SupportedOSPlatform("linux")]
internal static partial class ProcessMatcher
{
    private const int ClockTicksName = 2; // _SC_CLK_TCK
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan KillLimit = TimeSpan.FromSeconds(5);

    public static List<MatchingProcess> Find(Regex pattern, TimeSpan olderThan, ProcessTracker tracker)
    {
        var snapshot = ProcFs.Snapshot();
        var spared = HostAndAncestors(snapshot);
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
            if (string.IsNullOrEmpty(commandLine) || !Matches(pattern, commandLine))
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

    /// <summary>SIGTERM, up to <paramref name="grace"/> to exit, then SIGKILL; returns the ids that are still alive.</summary>
    public static async Task<List<int>> KillAsync(IReadOnlyList<MatchingProcess> targets, TimeSpan grace, TimeProvider time, ILogger logger)
    {
        foreach (var target in targets)
        {
            if (ProcFs.IsSame(target.ProcessId, target.StartTicks))
            {
                LinuxNative.Signal(target.ProcessId, LinuxNative.SigTerm);
            }
        }

        var left = await WaitGoneAsync(targets, grace, time).ConfigureAwait(false);
        foreach (var target in left)
        {
            // Checked again just before the signal: the id must still name the process that matched.
            if (ProcFs.IsSame(target.ProcessId, target.StartTicks))
            {
                LinuxNative.Signal(target.ProcessId, LinuxNative.SigKill);
            }
        }

        left = await WaitGoneAsync(left, KillLimit, time).ConfigureAwait(false);
        foreach (var target in targets.Except(left))
        {
            logger.KilledMatching(target.ProcessId, target.CommandLine, BuiltinText.Duration(target.Age));
        }

        foreach (var target in left)
        {
            logger.MatchingSurvived(target.ProcessId);
        }

        return [.. left.Select(t => t.ProcessId)];
    }

    private static async Task<List<MatchingProcess>> WaitGoneAsync(IReadOnlyList<MatchingProcess> targets, TimeSpan limit, TimeProvider time)
    {
        var started = time.GetTimestamp();
        var left = targets.Where(t => ProcFs.IsSame(t.ProcessId, t.StartTicks)).ToList();
        while (left.Count > 0 && time.GetElapsedTime(started) < limit)
        {
            await Task.Delay(PollInterval, time).ConfigureAwait(false);
            left = [.. left.Where(t => ProcFs.IsSame(t.ProcessId, t.StartTicks))];
        }

        return left;
    }

    private static bool Matches(Regex pattern, string commandLine)
    {
        try
        {
            return pattern.IsMatch(commandLine);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static HashSet<int> HostAndAncestors(List<ProcEntry> snapshot)
    {
        var parents = snapshot.ToDictionary(e => e.ProcessId, e => e.ParentId);
        var spared = new HashSet<int>();
        var current = Environment.ProcessId;
        while (current > 0 && spared.Add(current))
        {
            current = parents.GetValueOrDefault(current);
        }

        return spared;
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
