namespace Rhythm.Jobs.Orphans;

/// <summary>A process a previous host started and left running, which the start-up sweep stopped.</summary>
/// <param name="ProcessId">The process id.</param>
/// <param name="Group">The group whose step started it (its tree).</param>
/// <param name="Step">The step that started it (its tree).</param>
internal sealed record KilledOrphan(int ProcessId, string Group, string Step);
