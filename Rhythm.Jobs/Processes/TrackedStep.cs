namespace Rhythm.Jobs.Processes;

/// <summary>A step whose process is running now.</summary>
/// <param name="Group">The group that runs it.</param>
/// <param name="Step">The step's name.</param>
/// <param name="ProcessId">The id of the process the runner started (the root of the step's tree).</param>
/// <param name="StartedAt">The root's OS start time, in the units the process ledger uses.</param>
/// <param name="TreeId">The value of <see cref="StepEnvironment.TreeVariable"/> every process of the tree inherits.</param>
internal sealed record TrackedStep(string Group, string Step, int ProcessId, long StartedAt, string TreeId);
