using System.Globalization;
using System.Text;
using Rhythm.Adaptive;
using Rhythm.Jobs.Processes;
using Rhythm.Steps;

namespace Rhythm.Jobs.Builtins.Health;

/// <summary>
/// <c>builtin:health</c>: CPU and memory as the engine sees them (smoothed over its window, so one spike does not
/// fail the check and the verdict agrees with the adaptive rhythm), free space of every real filesystem, the process
/// count and Rhythm's own running children. Degraded still succeeds; unhealthy fails, so that dependants wait.
/// </summary>
internal sealed class HealthStep(ICurrentLoad load, ProcessTracker tracker, IMachineProbe machine) : IRhythmStep
{
    public ValueTask<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        if (!HealthThresholds.TryParse(context.Step.With, out var limits, out var problems))
        {
            return ValueTask.FromResult(StepOutcome.Failure(BuiltinOptions.Summary(problems)));
        }

        var state = load.Current;
        var disks = machine.Disks();
        var processes = machine.ProcessCount();
        var children = tracker.Count;

        var summary = new StringBuilder(state is null
            ? "cpu and memory not sampled yet"
            : string.Create(CultureInfo.InvariantCulture, $"cpu {Percent(state.SmoothedCpu)}%, memory {Percent(state.SmoothedMemory)}%"));
        if (disks.Count > 0)
        {
            summary.Append(", disk ").AppendJoin(", ", disks.Select(d => $"{d.MountPoint} {Percent(d.FreePercent)}% free"));
        }

        summary.Append(CultureInfo.InvariantCulture, $", {processes} processes, {children} children");
        context.Logger.HealthReport("health: " + summary);

        var unhealthy = new List<string>();
        var degraded = new List<string>();
        if (state is not null)
        {
            Check(state.SmoothedCpu, limits.CpuDegraded, limits.CpuUnhealthy, "cpu", unhealthy, degraded);
            Check(state.SmoothedMemory, limits.MemoryDegraded, limits.MemoryUnhealthy, "memory", unhealthy, degraded);
        }
        foreach (var disk in disks)
        {
            var name = $"disk {disk.MountPoint} {Percent(disk.FreePercent)}% free";
            if (disk.FreePercent <= limits.DiskFreeUnhealthy)
            {
                unhealthy.Add($"{name} <= {Limit(limits.DiskFreeUnhealthy)}%");
            }
            else if (disk.FreePercent <= limits.DiskFreeDegraded)
            {
                degraded.Add($"{name} <= {Limit(limits.DiskFreeDegraded)}%");
            }
        }

        StepOutcome outcome;
        if (unhealthy.Count > 0)
        {
            var message = "unhealthy: " + string.Join(", ", unhealthy) + (degraded.Count > 0 ? "; degraded: " + string.Join(", ", degraded) : "");
            outcome = StepOutcome.Failure(message);
        }
        else
        {
            outcome = StepOutcome.Success(degraded.Count > 0 ? "degraded: " + string.Join(", ", degraded) : "healthy: " + summary);
        }

        return ValueTask.FromResult(outcome);
    }

    private static void Check(double value, double degradedAt, double unhealthyAt, string name, List<string> unhealthy, List<string> degraded)
    {
        if (value >= unhealthyAt)
        {
            unhealthy.Add($"{name} {Percent(value)}% >= {Limit(unhealthyAt)}%");
        }
        else if (value >= degradedAt)
        {
            degraded.Add($"{name} {Percent(value)}% >= {Limit(degradedAt)}%");
        }
    }

    private static string Percent(double value) => value.ToString("0", CultureInfo.InvariantCulture);

    private static string Limit(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
