using Rhythm.Scenarios.Common;

namespace Rhythm.Scenarios.Footprint;

/// <summary>What an idle process costs: CPU as a share of one core over a window, and its resident memory.</summary>
internal sealed record IdleFigures(double StartupMs, double CpuPercentOfCore, double RssMb, double PeakRssMb);

internal static class IdleProbe
{
    /// <summary>Measures <paramref name="pid"/> over <paramref name="window"/> after it has settled for <paramref name="settle"/>.</summary>
    public static async Task<IdleFigures> MeasureAsync(int pid, double startupMs, TimeSpan settle, TimeSpan window)
    {
        await Task.Delay(settle);
        var before = Proc.Usage(pid) ?? throw new InvalidOperationException($"process {pid} is gone");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(window);
        var after = Proc.Usage(pid) ?? throw new InvalidOperationException($"process {pid} exited while idle");
        var cpuSeconds = (after.CpuTicks - before.CpuTicks) / Proc.TicksPerSecond;
        return new IdleFigures(startupMs, 100 * cpuSeconds / clock.Elapsed.TotalSeconds, after.RssKilobytes / 1024.0, after.PeakRssKilobytes / 1024.0);
    }
}
