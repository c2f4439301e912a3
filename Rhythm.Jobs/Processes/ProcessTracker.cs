using System.Globalization;
using System.Runtime.InteropServices;

namespace Rhythm.Jobs.Processes;

/// <summary>Knows which steps have a process running in this host, for tree ownership, health and clean-up.</summary>
internal sealed class ProcessTracker
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, TrackedStep> _running = [];
    private readonly List<SafeHandle> _jobs = [];
    private long _sequence;

    /// <summary>
    /// Held while a process is being started and registered, and while the sweep reaps zombies: a child .NET has
    /// just started must never be reaped by anyone but .NET (the runtime fails fast when its child is stolen).
    /// </summary>
    public Lock StartGate { get; } = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _running.Count;
            }
        }
    }

    /// <summary>A tree id unique among this host's runs; it starts with the host's pid so that a later host can find a crashed one's processes.</summary>
    public string NewTreeId() =>
        string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}:{Interlocked.Increment(ref _sequence)}");

    public void Add(TrackedStep step)
    {
        lock (_gate)
        {
            _running[step.ProcessId] = step;
        }
    }

    public void Remove(TrackedStep step)
    {
        lock (_gate)
        {
            if (_running.TryGetValue(step.ProcessId, out var current) && current == step)
            {
                _running.Remove(step.ProcessId);
            }
        }
    }

    public bool IsRoot(int processId)
    {
        lock (_gate)
        {
            return _running.ContainsKey(processId);
        }
    }

    public IReadOnlyList<TrackedStep> Running()
    {
        lock (_gate)
        {
            return [.. _running.Values];
        }
    }

    /// <summary>Notes the Job Object of a running step (Windows), so that clean-up can tell a step's processes by it.</summary>
    public void AddJob(SafeHandle job)
    {
        lock (_gate)
        {
            _jobs.Add(job);
        }
    }

    public void RemoveJob(SafeHandle job)
    {
        lock (_gate)
        {
            _jobs.Remove(job);
        }
    }

    /// <summary>The Job Objects of the steps running now; a handle may be closed by the time it is used.</summary>
    public IReadOnlyList<SafeHandle> Jobs()
    {
        lock (_gate)
        {
            return [.. _jobs];
        }
    }
}
