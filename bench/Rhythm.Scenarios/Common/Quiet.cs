namespace Rhythm.Scenarios.Common;

/// <summary>
/// Waits for the machine to calm down before a measurement: others may be building on it. Waits at most
/// <see cref="Limit"/> (a quick run: 15 s) and returns the CPU % it found, which goes into the results so that a
/// noisy run is visible.
/// </summary>
internal static class Quiet
{
    private const double QuietBelow = 15;

    public static TimeSpan Limit { get; set; } = TimeSpan.FromSeconds(90);

    public static async Task<double> WaitAsync()
    {
        var deadline = DateTimeOffset.UtcNow + Limit;
        while (true)
        {
            var cpu = await MeasureAsync(TimeSpan.FromSeconds(2));
            if (cpu < QuietBelow || DateTimeOffset.UtcNow > deadline)
            {
                return cpu;
            }
        }
    }

    public static async Task<double> MeasureAsync(TimeSpan over)
    {
        var (busy, total) = Proc.Cpu();
        await Task.Delay(over);
        var (nextBusy, nextTotal) = Proc.Cpu();
        return nextTotal == total ? 0 : 100.0 * (nextBusy - busy) / (nextTotal - total);
    }
}
