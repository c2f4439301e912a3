namespace Rhythm.Steps;

/// <summary>A process Rhythm started, remembered so that one left behind by a crash can be found and stopped.</summary>
/// <param name="ProcessId">The operating system's process id.</param>
/// <param name="StartedAt">The process start time as the OS reports it, to tell a reused id from the same process.</param>
/// <param name="Group">The group that started it.</param>
/// <param name="Step">The step that started it.</param>
/// <param name="HostProcessId">The id of the host process that started it.</param>
public sealed record ProcessRecord(int ProcessId, long StartedAt, string Group, string Step, int HostProcessId);
