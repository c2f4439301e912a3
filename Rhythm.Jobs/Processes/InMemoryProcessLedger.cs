using System.Collections.Concurrent;
using Rhythm.Steps;

namespace Rhythm.Jobs.Processes;

/// <summary>The ledger used when the app registers no persistent one: it cannot outlive a crash, but keeps the runner's bookkeeping uniform.</summary>
internal sealed class InMemoryProcessLedger : IProcessLedger
{
    private readonly ConcurrentDictionary<(int ProcessId, long StartedAt), ProcessRecord> _records = new();

    public void Add(ProcessRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _records[(record.ProcessId, record.StartedAt)] = record;
    }

    public void Remove(int processId, long startedAt) => _records.TryRemove((processId, startedAt), out _);

    public IReadOnlyList<ProcessRecord> List() => [.. _records.Values];
}
