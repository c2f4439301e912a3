using System.Collections.Concurrent;
using Rhythm.Steps;

namespace Rhythm.Tests.Jobs;

/// <summary>An in-memory ledger that also remembers every record ever added.</summary>
internal sealed class RecordingProcessLedger : IProcessLedger
{
    private readonly ConcurrentDictionary<(int, long), ProcessRecord> _current = new();
    private readonly ConcurrentQueue<ProcessRecord> _added = new();

    public IReadOnlyList<ProcessRecord> Added => [.. _added];

    public void Add(ProcessRecord record)
    {
        _added.Enqueue(record);
        _current[(record.ProcessId, record.StartedAt)] = record;
    }

    public void Remove(int processId, long startedAt) => _current.TryRemove((processId, startedAt), out _);

    public IReadOnlyList<ProcessRecord> List() => [.. _current.Values];
}
