namespace Rhythm.Scheduling;

/// <summary>Engine-wide switches that come from the host rather than from jobs.json.</summary>
/// <param name="DryRun">Steps log what they would do instead of doing it.</param>
/// <param name="InMemoryQuartz">Quartz keeps its schedule in memory: the simulator's choice, where nothing must outlive the run.</param>
internal sealed record EngineSettings(bool DryRun, bool InMemoryQuartz = false);
