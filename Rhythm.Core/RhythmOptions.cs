namespace Rhythm;

/// <summary>What the hosting app tells the engine; everything about the schedule itself comes from jobs.json.</summary>
public sealed class RhythmOptions
{
    /// <summary>The jobs.json to run. Relative paths are resolved against the current directory. The default is <c>jobs.json</c>.</summary>
    public string JobsFile { get; set; } = "jobs.json";

    /// <summary>When true, steps are logged instead of run; everything else (schedule, gates, history) is real. The default is false.</summary>
    public bool DryRun { get; set; }

    /// <summary>
    /// Whether the host watches <see cref="JobsFile"/> and applies each valid change while it runs (an invalid change
    /// is logged and the last good schedule keeps running). The default is true.
    /// </summary>
    public bool WatchJobsFile { get; set; } = true;

    /// <summary>How long jobs.json must stay unchanged after a write before it is read. The default is 500 milliseconds.</summary>
    public TimeSpan ReloadDebounce { get; set; } = Reload.ReloadDefaults.Debounce;
}
