using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Rhythm.Jobs.Builtins.Health;

/// <summary>When <c>builtin:health</c> reports degraded or unhealthy, read from the step's <c>with</c>.</summary>
internal sealed record HealthThresholds
{
    private static readonly string[] Known =
        ["cpuDegraded", "cpuUnhealthy", "memoryDegraded", "memoryUnhealthy", "diskFreeDegraded", "diskFreeUnhealthy"];

    /// <summary>CPU % at or above which the machine is degraded. The default is 85.</summary>
    public double CpuDegraded { get; init; } = HealthDefaults.CpuDegraded;

    /// <summary>CPU % at or above which the machine is unhealthy. The default is 95.</summary>
    public double CpuUnhealthy { get; init; } = HealthDefaults.CpuUnhealthy;

    /// <summary>Memory % at or above which the machine is degraded. The default is 85.</summary>
    public double MemoryDegraded { get; init; } = HealthDefaults.MemoryDegraded;

    /// <summary>Memory % at or above which the machine is unhealthy. The default is 95.</summary>
    public double MemoryUnhealthy { get; init; } = HealthDefaults.MemoryUnhealthy;

    /// <summary>Free disk % at or below which a filesystem is degraded. The default is 10.</summary>
    public double DiskFreeDegraded { get; init; } = HealthDefaults.DiskFreeDegraded;

    /// <summary>Free disk % at or below which a filesystem is unhealthy. The default is 5.</summary>
    public double DiskFreeUnhealthy { get; init; } = HealthDefaults.DiskFreeUnhealthy;

    public static bool TryParse(JsonElement? with, [NotNullWhen(true)] out HealthThresholds? thresholds, out IReadOnlyList<string> problems)
    {
        var options = BuiltinOptions.Read("health", with, Known);
        var read = new HealthThresholds
        {
            CpuDegraded = options.Percent("cpuDegraded", HealthDefaults.CpuDegraded),
            CpuUnhealthy = options.Percent("cpuUnhealthy", HealthDefaults.CpuUnhealthy),
            MemoryDegraded = options.Percent("memoryDegraded", HealthDefaults.MemoryDegraded),
            MemoryUnhealthy = options.Percent("memoryUnhealthy", HealthDefaults.MemoryUnhealthy),
            DiskFreeDegraded = options.Percent("diskFreeDegraded", HealthDefaults.DiskFreeDegraded),
            DiskFreeUnhealthy = options.Percent("diskFreeUnhealthy", HealthDefaults.DiskFreeUnhealthy),
        };

        // A value already reported as wrong was replaced by its default; comparing that would report a mistake the user did not make.
        if (options.Valid("cpuDegraded", "cpuUnhealthy") && read.CpuDegraded > read.CpuUnhealthy)
        {
            options.Fail(Inverted("cpuDegraded", read.CpuDegraded, "above", "cpuUnhealthy", read.CpuUnhealthy));
        }

        if (options.Valid("memoryDegraded", "memoryUnhealthy") && read.MemoryDegraded > read.MemoryUnhealthy)
        {
            options.Fail(Inverted("memoryDegraded", read.MemoryDegraded, "above", "memoryUnhealthy", read.MemoryUnhealthy));
        }

        if (options.Valid("diskFreeDegraded", "diskFreeUnhealthy") && read.DiskFreeDegraded < read.DiskFreeUnhealthy)
        {
            options.Fail(Inverted("diskFreeDegraded", read.DiskFreeDegraded, "below", "diskFreeUnhealthy", read.DiskFreeUnhealthy));
        }

        problems = options.Problems;
        thresholds = problems.Count == 0 ? read : null;
        return problems.Count == 0;
    }

    private static string Inverted(string name, double value, string direction, string other, double otherValue) =>
        string.Create(CultureInfo.InvariantCulture, $"{name} ({value}) must not be {direction} {other} ({otherValue})");
}
