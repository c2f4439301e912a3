namespace Rhythm.Simulation;

/// <summary>What to simulate.</summary>
public sealed class SimulationOptions
{
    /// <summary>Where the simulated clock starts.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>How long to simulate. The default is 24 hours.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The load to play against.</summary>
    public required LoadProfile Load { get; init; }

    /// <summary>The zone <c>at</c> and <c>cron</c> times are read in. The default is the machine's.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Local;
}
