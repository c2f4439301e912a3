namespace Rhythm.Jobs.Processes.Linux;

/// <summary>The fields of <c>/proc/PID/stat</c> that tree ownership needs.</summary>
/// <param name="ProcessId">The process id.</param>
/// <param name="State">The state letter; <c>Z</c> is a zombie waiting for its parent to reap it.</param>
/// <param name="ParentId">The parent's id (after any re-parenting).</param>
/// <param name="GroupId">The process group id.</param>
/// <param name="SessionId">The session id.</param>
/// <param name="StartTicks">Start time in clock ticks after boot (field 22): with the id, it names one process for good.</param>
internal readonly record struct ProcEntry(int ProcessId, char State, int ParentId, int GroupId, int SessionId, long StartTicks)
{
    public bool IsZombie => State is 'Z' or 'X' or 'x';

    public bool IsAlive => !IsZombie;
}
