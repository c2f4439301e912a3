namespace Rhythm.Model;

/// <summary>The <c>adaptive</c> section of jobs.json: load bands and the factors they apply.</summary>
public sealed record AdaptiveSettings
{
    /// <summary>Whether intervals follow the load at all. The default is true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Smoothed CPU % below which the machine is idle. The default is 20.</summary>
    public double IdleBelowCpu { get; init; } = 20;

    /// <summary>Smoothed CPU % above which the machine is busy. The default is 70.</summary>
    public double BusyAboveCpu { get; init; } = 70;

    /// <summary>Interval factor while idle. The default is 0.8 (10 m becomes 8 m).</summary>
    public double IdleFactor { get; init; } = 0.8;

    /// <summary>Interval factor while busy. The default is 1.5 (10 m becomes 15 m).</summary>
    public double BusyFactor { get; init; } = 1.5;

    /// <summary>Points of CPU % a band must be crossed by before the band changes. The default is 5.</summary>
    public double Hysteresis { get; init; } = 5;

    /// <summary>The window the smoothed CPU and memory are averaged over. The default is 1 minute.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);
}
