using System.Globalization;
using Rhythm.Model;

namespace Rhythm.Reload;

/// <summary>A setting that differs between the running schedule and the file on disk but only takes effect at start.</summary>
/// <param name="Setting">Its name as jobs.json spells it: <c>rhythm.maxConcurrency</c>.</param>
/// <param name="Running">The value in force.</param>
/// <param name="OnDisk">The value in the file.</param>
internal sealed record RestartSetting(string Setting, string Running, string OnDisk);

/// <summary>
/// The engine-wide settings that are read once when the host starts: the store, the thread pool, the load sampler,
/// the pressure thresholds, the band classifier and the host's shutdown limit.
/// </summary>
/// <remarks>
/// A reload keeps the running values of these instead of half-applying them (new factors with old band
/// thresholds, say), so the engine's model always says what is really in force; the log names each one.
/// </remarks>
internal static class RestartSettings
{
    private static readonly (string Name, Func<JobsFile, string> Value)[] Settings =
    [
        ("rhythm.store", f => f.StorePath),
        ("rhythm.maxConcurrency", f => Number(f.Rhythm.MaxConcurrency)),
        ("rhythm.sampleEvery", f => Durations.Format(f.Rhythm.SampleEvery)),
        ("rhythm.memoryPressure", f => Number(f.Rhythm.MemoryPressure)),
        ("rhythm.cpuPressure", f => f.Rhythm.CpuPressure is { } cpu ? Number(cpu) : "off"),
        ("rhythm.gracePeriod", f => Durations.Format(f.Rhythm.GracePeriod)),
        ("adaptive.enabled", f => f.Adaptive.Enabled ? "true" : "false"),
        ("adaptive.idleBelowCpu", f => Number(f.Adaptive.IdleBelowCpu)),
        ("adaptive.busyAboveCpu", f => Number(f.Adaptive.BusyAboveCpu)),
        ("adaptive.idleFactor", f => Number(f.Adaptive.IdleFactor)),
        ("adaptive.busyFactor", f => Number(f.Adaptive.BusyFactor)),
        ("adaptive.hysteresis", f => Number(f.Adaptive.Hysteresis)),
        ("adaptive.window", f => Durations.Format(f.Adaptive.Window)),
    ];

    public static IReadOnlyList<RestartSetting> Changed(JobsFile running, JobsFile onDisk)
    {
        var changed = new List<RestartSetting>();
        foreach (var (name, value) in Settings)
        {
            var before = value(running);
            var after = value(onDisk);
            if (!string.Equals(before, after, StringComparison.Ordinal))
            {
                changed.Add(new RestartSetting(name, before, after));
            }
        }

        return changed;
    }

    /// <summary>The file to apply: the groups (and live settings) from disk, the start-only settings as they run now.</summary>
    public static JobsFile KeepRunning(JobsFile running, JobsFile onDisk) => onDisk with
    {
        Rhythm = onDisk.Rhythm with
        {
            Store = running.StorePath,
            MaxConcurrency = running.Rhythm.MaxConcurrency,
            SampleEvery = running.Rhythm.SampleEvery,
            MemoryPressure = running.Rhythm.MemoryPressure,
            CpuPressure = running.Rhythm.CpuPressure,
            GracePeriod = running.Rhythm.GracePeriod,
        },
        Adaptive = running.Adaptive,
    };

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
