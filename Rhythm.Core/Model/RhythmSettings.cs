namespace Rhythm.Model;

/// <summary>The <c>rhythm</c> section of jobs.json: engine-wide settings.</summary>
public sealed record RhythmSettings
{
    /// <summary>The SQLite store; relative paths are resolved against the folder of jobs.json. The default is <c>rhythm.db</c>.</summary>
    public string Store { get; init; } = "rhythm.db";

    /// <summary>How many groups may run at once. The default is 4.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>How often the load sampler measures the machine. The default is 15 seconds.</summary>
    public TimeSpan SampleEvery { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Smoothed memory % above which medium and low groups are skipped. The default is 60.</summary>
    public double MemoryPressure { get; init; } = 60;

    /// <summary>Smoothed CPU % above which all but critical groups are skipped; <see langword="null"/> (the default) turns it off.</summary>
    public double? CpuPressure { get; init; }

    /// <summary>How long metric samples are kept. The default is 14 days.</summary>
    public TimeSpan KeepMetrics { get; init; } = TimeSpan.FromDays(14);

    /// <summary>How long run history is kept. The default is 30 days.</summary>
    public TimeSpan KeepHistory { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How long a step is given after SIGTERM before it is killed. The default is 10 seconds.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(10);
}
