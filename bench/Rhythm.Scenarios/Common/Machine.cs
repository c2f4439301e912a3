using System.Runtime.InteropServices;

namespace Rhythm.Scenarios.Common;

/// <summary>What the numbers were measured on, for the table's header.</summary>
internal static class Machine
{
    public static string Describe()
    {
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?
            .Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var kernel = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        var gigabytes = long.Parse(memory, System.Globalization.CultureInfo.InvariantCulture) / 1024.0 / 1024.0;
        return Stats.Invariant($"{model}, {Environment.ProcessorCount} cores, {gigabytes:0} GB RAM, Linux {kernel}, {RuntimeInformation.FrameworkDescription}");
    }
}
