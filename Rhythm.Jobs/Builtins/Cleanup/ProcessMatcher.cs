using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Rhythm.Jobs.Processes;

namespace Rhythm.Jobs.Builtins.Cleanup;

/// <summary>
/// Finds and kills the processes <c>killPattern</c> names. It never touches the host, its ancestors (killing the
/// service manager or the shell that started the host would take the host down with it), or a process of a step
/// that is still running (that step's timeout governs it, and killing it would fail the step for no reason).
/// </summary>
internal static class ProcessMatcher
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan KillLimit = TimeSpan.FromSeconds(5);

    /// <summary>Whether this OS lets Rhythm read other processes' command lines.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() || OperatingSystem.IsWindows();

    public static List<MatchingProcess> Find(Regex pattern, TimeSpan olderThan, ProcessTracker tracker)
    {
        if (OperatingSystem.IsLinux())
        {
            return LinuxProcessMatcher.Find(pattern, olderThan, tracker);
        }

        return OperatingSystem.IsWindows() ? WindowsProcessMatcher.Find(pattern, olderThan, tracker) : [];
    }

    /// <summary>
    /// SIGTERM, up to <paramref name="grace"/> to exit, then SIGKILL; returns the ids that are still alive. On Windows
    /// the processes are terminated at once: one that matched may share a console with others, and Ctrl+C on it
    /// would reach them all.
    /// </summary>
    public static async Task<List<int>> KillAsync(IReadOnlyList<MatchingProcess> targets, TimeSpan grace, TimeProvider time, ILogger logger)
    {
        var left = targets.ToList();
        if (OperatingSystem.IsLinux())
        {
            foreach (var target in targets)
            {
                LinuxProcessMatcher.Signal(target, kill: false);
            }

            left = await WaitGoneAsync(targets, grace, time).ConfigureAwait(false);
        }

        foreach (var target in left)
        {
            Kill(target);
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

    /// <summary>The host and every process above it, from a map of process id to parent id.</summary>
    public static HashSet<int> HostAndAncestors(IReadOnlyDictionary<int, int> parents)
    {
        var spared = new HashSet<int>();
        var current = Environment.ProcessId;
        while (current > 0 && spared.Add(current))
        {
            current = parents.GetValueOrDefault(current);
        }

        return spared;
    }

    public static bool Matches(Regex pattern, string commandLine)
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

    private static void Kill(MatchingProcess target)
    {
        if (OperatingSystem.IsLinux())
        {
            LinuxProcessMatcher.Signal(target, kill: true);
        }
        else if (OperatingSystem.IsWindows())
        {
            WindowsProcessMatcher.Terminate(target);
        }
    }

    private static bool IsSame(MatchingProcess target)
    {
        if (OperatingSystem.IsLinux())
        {
            return LinuxProcessMatcher.IsSame(target);
        }

        return OperatingSystem.IsWindows() && WindowsProcessMatcher.IsSame(target);
    }

    private static async Task<List<MatchingProcess>> WaitGoneAsync(IReadOnlyList<MatchingProcess> targets, TimeSpan limit, TimeProvider time)
    {
        var started = time.GetTimestamp();
        var left = targets.Where(IsSame).ToList();
        while (left.Count > 0 && time.GetElapsedTime(started) < limit)
        {
            await Task.Delay(PollInterval, time).ConfigureAwait(false);
            left = [.. left.Where(IsSame)];
        }

        return left;
    }
}
