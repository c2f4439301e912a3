namespace Rhythm;

/// <summary>What the hosting app tells the engine; everything about the schedule itself comes from jobs.json.</summary>
public sealed class RhythmOptions
{
    /// <summary>The jobs.json to run. Relative paths are resolved against the current directory. The default is <c>jobs.json</c>.</summary>
    public string JobsFile { get; set; } = "jobs.json";

    /// <summary>When true, steps are logged instead of run; everything else (schedule, gates, history) is real. The default is false.</summary>
    public bool DryRun { get; set; }
}
