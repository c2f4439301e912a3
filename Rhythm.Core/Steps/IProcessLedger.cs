namespace Rhythm.Steps;

/// <summary>The persisted list of processes Rhythm started and has not yet seen end.</summary>
public interface IProcessLedger
{
    /// <summary>Remembers a process right after it starts.</summary>
    void Add(ProcessRecord record);

    /// <summary>Forgets a process once it and its tree are gone.</summary>
    void Remove(int processId, long startedAt);

    /// <summary>Every process still remembered.</summary>
    IReadOnlyList<ProcessRecord> List();
}
