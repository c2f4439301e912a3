namespace Rhythm.Status;

/// <summary>The whole engine as <c>rhythm status</c> shows it.</summary>
public sealed record RhythmStatus
{
    /// <summary>The jobs file the status was read for.</summary>
    public required string JobsFile { get; init; }

    /// <summary>The store file.</summary>
    public required string Store { get; init; }

    /// <summary>Whether the store exists yet (it does once the host has run).</summary>
    public required bool StoreExists { get; init; }

    /// <summary>The latest load sample (band, raw and smoothed CPU and memory), or null before the first one.</summary>
    public Rhythm.History.MetricPoint? Load { get; init; }

    /// <summary>
    /// Why the running host rejected the jobs.json now on disk (<c>jobs.json on disk rejected: ...</c>), or
    /// <see langword="null"/>. While it is set, the host runs the last good schedule, which is what
    /// <see cref="Groups"/> shows when the status comes from the host.
    /// </summary>
    public string? FileRejected { get; init; }

    /// <summary>
    /// The process id of the host running this file, or <see langword="null"/> when none runs: the schedule shown is
    /// then as the last host left it, and nothing fires until one starts.
    /// </summary>
    public int? HostPid { get; init; }

    /// <summary>Every group in the file, in file order.</summary>
    public required IReadOnlyList<GroupStatus> Groups { get; init; }
}
