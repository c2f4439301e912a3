using System.Globalization;
using System.Runtime.Versioning;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Reliability;

/// <summary>A line the test steps write: <c>start GROUP PID</c>, <c>child GROUP PID</c> or <c>end GROUP PID</c>.</summary>
internal sealed record PidEntry(int Index, string Kind, string Group, int Pid);

/// <summary>Reads the pid log the steps of the reliability tests append to.</summary>
[SupportedOSPlatform("linux")]
internal static class PidLog
{
    /// <summary>
    /// A step for the reliability jobs: records its pid, may leave a grandchild and a double-forked daemon behind,
    /// sleeps, and exits with the code it is given. Usage: step.sh GROUP SECONDS [EXIT] [fork].
    /// </summary>
    public const string StepScript = """
        #!/bin/sh
        echo "start $1 $$" >> pids.log
        if [ "$4" = fork ]; then
          sleep 30 &
          echo "child $1 $!" >> pids.log
          ( setsid sleep 30 & echo "child $1 $!" >> pids.log ) &
        fi
        sleep "$2"
        echo "end $1 $$" >> pids.log
        exit "${3:-0}"
        """;

    public static void WriteScript(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "scripts"));
        var path = Path.Combine(folder, "scripts", "step.sh");
        File.WriteAllText(path, StepScript.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Kills every logged step process that never logged its end and is still alive: what a failed test left.</summary>
    public static void KillLeftovers(string folder)
    {
        foreach (var entry in Read(folder).Where(e => e.Kind != "end" && ProcScan.LiveStartTicks(e.Pid) is not null))
        {
            Posix.Signal(entry.Pid, Posix.SigKill);
        }
    }

    public static List<PidEntry> Read(string folder)
    {
        var path = Path.Combine(folder, "pids.log");
        if (!File.Exists(path))
        {
            return [];
        }

        var entries = new List<PidEntry>();
        var index = 0;
        foreach (var line in File.ReadAllLines(path))
        {
            var parts = line.Split(' ');
            if (parts.Length == 3 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                entries.Add(new PidEntry(index++, parts[0], parts[1], pid));
            }
        }

        return entries;
    }
}
