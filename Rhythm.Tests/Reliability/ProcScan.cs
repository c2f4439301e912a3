using System.Globalization;
using System.Runtime.Versioning;

namespace Rhythm.Tests.Reliability;

/// <summary>/proc reads for the process checks: start times to tell a process from a recycled pid, and step tree ids.</summary>
[SupportedOSPlatform("linux")]
internal static class ProcScan
{
    /// <summary>The start time in clock ticks since boot, or null when the process is gone or a zombie.</summary>
    public static long? LiveStartTicks(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return fields[0] is "Z" or "X" ? null : long.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Live processes whose environment holds <c>RHYTHM_PROCESS_TREE</c> starting with <paramref name="hostPid"/>.</summary>
    public static List<int> StepProcessesOf(int hostPid)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"RHYTHM_PROCESS_TREE={hostPid}:");
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || LiveStartTicks(pid) is null)
            {
                continue;
            }

            try
            {
                var environment = File.ReadAllText(Path.Combine(directory, "environ"));
                if (environment.Split('\0').Any(v => v.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone, or not ours to read.
            }
        }

        return found;
    }

    /// <summary>Zombie children of <paramref name="parentPid"/>: ended processes nobody has reaped yet.</summary>
    public static int ZombieChildren(int parentPid)
    {
        var count = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var text = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] == "Z" && fields[1] == parentPid.ToString(CultureInfo.InvariantCulture))
                {
                    count++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
            {
                // Not a process directory, or gone.
            }
        }

        return count;
    }
}
