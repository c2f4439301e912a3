using System.Globalization;

namespace Rhythm.Tests.Jobs;

/// <summary>What the tests check about real processes, read straight from /proc.</summary>
internal static class Procs
{
    /// <summary>Whether the process exists at all, as a zombie too.</summary>
    public static bool Exists(int pid) => File.Exists($"/proc/{pid}/stat");

    /// <summary>The state letter (Z for a zombie), or null when the process is gone.</summary>
    public static char? State(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The session id, or null when the process is gone.</summary>
    public static int? Session(int pid) => Field(pid, 3);

    /// <summary>The parent id, or null when the process is gone.</summary>
    public static int? Parent(int pid) => Field(pid, 1);

    public static long StartTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[19], CultureInfo.InvariantCulture);
    }

    private static int? Field(int pid, int index)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[index], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Children of this test process that ended and were never reaped.</summary>
    public static IReadOnlyList<int> ZombieChildren()
    {
        var self = Environment.ProcessId;
        var zombies = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] == "Z" && int.Parse(fields[1], CultureInfo.InvariantCulture) == self)
                {
                    zombies.Add(pid);
                }
            }
            catch (IOException)
            {
            }
        }

        return zombies;
    }

    /// <summary>Polls a condition until it holds or the time is up; never a fixed sleep.</summary>
    public static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    /// <summary>Reads the pids a fixture wrote, one per line.</summary>
    public static IReadOnlyList<int> ReadPids(string path) =>
        File.Exists(path)
            ? [.. File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture))]
            : [];
}
