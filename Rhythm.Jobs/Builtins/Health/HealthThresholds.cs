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

    public static bool TryParse(JsonElement? with, [NotNullWhen(true)] out HealthThresholds? thresholds, [NotNullWhen(false)] out string? error)
    {
        thresholds = new HealthThresholds();
        error = null;
        if (with is not { } options || options.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return true;
        }

        if (options.ValueKind != JsonValueKind.Object)
        {
            return Fail($"builtin:health: \"with\" must be an object, found {options.ValueKind.ToString().ToLowerInvariant()}", out thresholds, out error);
        }

        foreach (var property in options.EnumerateObject())
        {
            if (!Known.Contains(property.Name, StringComparer.Ordinal))
            {
                return Fail($"builtin:health: unknown option '{property.Name}' in \"with\"; known options: {string.Join(", ", Known)}",
                    out thresholds, out error);
            }

            if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetDouble(out var percent) || percent is < 0 or > 100)
            {
                return Fail($"builtin:health: option '{property.Name}' must be a percentage from 0 to 100, found {property.Value.GetRawText()}",
                    out thresholds, out error);
            }

            thresholds = property.Name switch
            {
                "cpuDegraded" => thresholds with { CpuDegraded = percent },
                "cpuUnhealthy" => thresholds with { CpuUnhealthy = percent },
                "memoryDegraded" => thresholds with { MemoryDegraded = percent },
                "memoryUnhealthy" => thresholds with { MemoryUnhealthy = percent },
                "diskFreeDegraded" => thresholds with { DiskFreeDegraded = percent },
                _ => thresholds with { DiskFreeUnhealthy = percent },
            };
        }

        if (thresholds.CpuDegraded > thresholds.CpuUnhealthy)
        {
            return Fail(Inverted("cpuDegraded", thresholds.CpuDegraded, "above", "cpuUnhealthy", thresholds.CpuUnhealthy), out thresholds, out error);
        }

        if (thresholds.MemoryDegraded > thresholds.MemoryUnhealthy)
        {
            return Fail(Inverted("memoryDegraded", thresholds.MemoryDegraded, "above", "memoryUnhealthy", thresholds.MemoryUnhealthy), out thresholds, out error);
        }

        if (thresholds.DiskFreeDegraded < thresholds.DiskFreeUnhealthy)
        {
            return Fail(Inverted("diskFreeDegraded", thresholds.DiskFreeDegraded, "below", "diskFreeUnhealthy", thresholds.DiskFreeUnhealthy), out thresholds, out error);
        }

        return true;
    }

    private static string Inverted(string name, double value, string direction, string other, double otherValue) =>
        string.Create(CultureInfo.InvariantCulture, $"builtin:health: {name} ({value}) must not be {direction} {other} ({otherValue})");

    private static bool Fail(string message, out HealthThresholds? thresholds, out string error)
    {
        thresholds = null;
        error = message;
        return false;
    }
}
