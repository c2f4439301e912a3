using System.Globalization;

namespace Rhythm.Scenarios.Common;

/// <summary>What one process has used, read from /proc.</summary>
/// <param name="CpuTicks">User plus system time in clock ticks.</param>
/// <param name="RssKilobytes">Resident set size now.</param>
/// <param name="PeakRssKilobytes">The highest resident set size so far (VmHWM).</param>
/// <param name="ChildTicks">User plus system time of its children that have ended and been reaped.</param>
internal sealed record ProcessUsage(long CpuTicks, long RssKilobytes, long PeakRssKilobytes, long ChildTicks = 0);

/// <summary>The few /proc reads the harness measures with; independent of Rhythm's own sampler on purpose.</summary>
internal static class Proc
{
    /// <summary>USER_HZ is 100 on every Linux architecture .NET runs on.</summary>
    public const double TicksPerSecond = 100;

    /// <summary>Aggregate CPU counters: busy is everything but idle and iowait.</summary>
    public static (long Busy, long Total) Cpu()
    {
        using var reader = new StreamReader("/proc/stat");
        var line = reader.ReadLine() ?? throw new InvalidDataException("/proc/stat is empty");
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long total = 0, idle = 0;
        for (var i = 1; i < Math.Min(fields.Length, 9); i++)
        {
            var value = long.Parse(fields[i], CultureInfo.InvariantCulture);
            total += value;
            if (i is 4 or 5)
            {
                idle += value;
            }
        }

        return (total - idle, total);
    }

    public static IEnumerable<int> Pids()
    {
        foreach (var path in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(path), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    /// <summary>The command line with NULs as spaces, or null when the process is gone.</summary>
    public static string? CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The state letter (R, S, D, Z, ...) or null when the process is gone.</summary>
    public static char? State(int pid)
    {
        var stat = Stat(pid);
        return stat is null ? null : stat[0][0];
    }

    /// <summary>Whether the process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid) => State(pid) is { } state && state != 'Z' && state != 'X';

    /// <summary>The start time in clock ticks since boot, to tell a process from a later one with a recycled id.</summary>
    public static long? StartTicks(int pid)
    {
        var stat = Stat(pid);
        return stat is null ? null : long.Parse(stat[19], CultureInfo.InvariantCulture);
    }

    public static ProcessUsage? Usage(int pid)
    {
        var stat = Stat(pid);
        if (stat is null)
        {
            return null;
        }

        var ticks = long.Parse(stat[11], CultureInfo.InvariantCulture) + long.Parse(stat[12], CultureInfo.InvariantCulture);
        var children = long.Parse(stat[13], CultureInfo.InvariantCulture) + long.Parse(stat[14], CultureInfo.InvariantCulture);
        long rss = 0, peak = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = Kilobytes(line);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return new ProcessUsage(ticks, rss, peak, children);
    }

    /// <summary>Pids of live (non-zombie) processes whose command line contains <paramref name="marker"/>.</summary>
    public static List<int> Matching(string marker, bool includeZombies = false)
    {
        var found = new List<int>();
        foreach (var pid in Pids())
        {
            if (pid == Environment.ProcessId)
            {
                continue;
            }

            var command = CommandLine(pid);
            if (command is not null && command.Contains(marker, StringComparison.Ordinal) && (includeZombies || IsAlive(pid)))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    public static string LoadAverage()
    {
        var text = File.ReadAllText("/proc/loadavg").Split(' ');
        return $"{text[0]} {text[1]} {text[2]}";
    }

    /// <summary>The fields after the command name in /proc/PID/stat: index 0 is the state (field 3).</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
