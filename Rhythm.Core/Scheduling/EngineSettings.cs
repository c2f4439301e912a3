namespace Rhythm.Scheduling;

/// <summary>Engine-wide switches that come from the host rather than from jobs.json.</summary>
internal sealed record EngineSettings(bool DryRun);
