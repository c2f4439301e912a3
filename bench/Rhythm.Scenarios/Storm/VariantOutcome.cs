using System.Collections.Concurrent;
using Rhythm.Scenarios.Common;

namespace Rhythm.Scenarios.Storm;

/// <summary>One run that started a child: when it was due, when the child began, and whether it finished in the window.</summary>
internal sealed record StormRun(StormTask Task, DateTimeOffset Scheduled, DateTimeOffset? ChildStart, DateTimeOffset? Ended, bool Succeeded);

/// <summary>What one variant of the storm did, in the same terms for all three.</summary>
internal sealed class VariantOutcome(string name)
{
    public string Name { get; } = name;

    /// <summary>The first due time; the window is <see cref="Start"/> to <see cref="End"/>.</summary>
    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }

    public ConcurrentBag<StormRun> Runs { get; } = [];

    /// <summary>Due times that were passed over, per task.</summary>
    public ConcurrentDictionary<string, int> Skipped { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether the scheduler itself records each skip with a reason (only Rhythm does).</summary>
    public bool SkipsRecorded { get; set; }

    /// <summary>Due times that had come but not started by the end of the window, per task.</summary>
    public Dictionary<string, int> Backlog { get; } = new(StringComparer.Ordinal);

    /// <summary>Marked processes still alive one second after the variant was stopped.</summary>
    public int LeftAlive { get; set; }

    /// <summary>Skips that carry no reason (Rhythm: must be 0).</summary>
    public int SkipsWithoutReason { get; set; }

    /// <summary>How many times Rhythm re-timed a trigger, from its log.</summary>
    public int Retimings { get; set; }

    public List<string> Notes { get; } = [];

    /// <summary>
    /// CPU the variant itself used (its scheduler process, the children it reaped, and the children still running)
    /// as a % of all cores, so that other work on the machine can be told apart from the storm's.
    /// </summary>
    public double OwnCpuPercent { get; private set; } = double.NaN;

    private (long Ticks, DateTimeOffset At)? _usageAtStart;

    /// <summary>Marks the start of the window for <see cref="OwnCpuPercent"/>; call again at the end.</summary>
    public void MeasureCpu(int processId, string marker)
    {
        if (Proc.Usage(processId) is not { } usage)
        {
            return;
        }

        // Children still running have not been added to the parent's child time yet: count them as they are now.
        var ticks = usage.CpuTicks + usage.ChildTicks + Proc.Matching(marker).Sum(pid => Proc.Usage(pid)?.CpuTicks ?? 0);
        if (_usageAtStart is not { } start)
        {
            _usageAtStart = (ticks, DateTimeOffset.UtcNow);
            return;
        }

        var seconds = (DateTimeOffset.UtcNow - start.At).TotalSeconds;
        OwnCpuPercent = 100 * (ticks - start.Ticks) / Proc.TicksPerSecond / seconds / Environment.ProcessorCount;
    }

    public void Skip(StormTask task) => Skipped.AddOrUpdate(task.Name, 1, (_, n) => n + 1);
}
