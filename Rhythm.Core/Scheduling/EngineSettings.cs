namespace Rhythm.Scheduling;

/// <summary>Engine-wide switches that come from the host rather than from jobs.json.</summary>
/// <param name="DryRun">Steps log what they would do instead of doing it.</param>
/// <param name="InMemoryQuartz">Quartz keeps its schedule in memory: the simulator's choice, where nothing must outlive the run.</param>
/// <param name="RecordMetrics">
/// Every load sample is written to the metrics series. The simulator turns it off: nothing reads its samples, and
/// one store write per sample (5,760 in a simulated day) was about a quarter of the time a simulated day took.
/// </param>
internal sealed record EngineSettings(bool DryRun, bool InMemoryQuartz = false, bool RecordMetrics = true);
