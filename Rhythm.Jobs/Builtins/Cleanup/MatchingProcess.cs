namespace Rhythm.Jobs.Builtins.Cleanup;

/// <summary>A process whose command line matched <c>killPattern</c> and that is old enough to kill.</summary>
/// <param name="ProcessId">The process id.</param>
/// <param name="StartTicks">Its start time in clock ticks after boot: with the id, it names this process and no later one.</param>
/// <param name="CommandLine">Its command line, arguments separated by spaces.</param>
/// <param name="Age">How long it has run.</param>
internal sealed record MatchingProcess(int ProcessId, long StartTicks, string CommandLine, TimeSpan Age);
