namespace Rhythm.Jobs.Builtins.Health;

/// <summary>The thresholds <c>builtin:health</c> uses when <c>with</c> does not set them, in percent.</summary>
internal static class HealthDefaults
{
    public const double CpuDegraded = 85;
    public const double CpuUnhealthy = 95;
    public const double MemoryDegraded = 85;
    public const double MemoryUnhealthy = 95;
    public const double DiskFreeDegraded = 10;
    public const double DiskFreeUnhealthy = 5;
}
