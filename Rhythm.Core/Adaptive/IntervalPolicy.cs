using System.Globalization;
using Rhythm.Load;
using Rhythm.Model;

namespace Rhythm.Adaptive;

/// <summary>The interval an <c>every</c> group runs at in a given load band, and the reason in words.</summary>
internal static class IntervalPolicy
{
    /// <summary>Whether the adaptive rhythm re-times this group at all: an <c>every</c> schedule, adaptive on for the group and the file.</summary>
    public static bool IsAdaptive(GroupDefinition group, AdaptiveSettings settings)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(settings);
        return group.Schedule is EverySchedule && group.Adaptive && settings.Enabled;
    }

    /// <summary>The factor a band applies: <c>idleFactor</c>, 1 or <c>busyFactor</c>; 1 in every band when adaptive is off.</summary>
    public static double Factor(LoadBand band, AdaptiveSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Enabled)
        {
            return 1;
        }

        return band switch
        {
            LoadBand.Idle => settings.IdleFactor,
            LoadBand.Busy => settings.BusyFactor,
            _ => 1,
        };
    }

    /// <summary>
    /// The interval for an <c>every</c> group: the base times the band's factor, kept within
    /// <see cref="GroupDefinition.MinEvery"/> and <see cref="GroupDefinition.MaxEvery"/>; the base itself when adaptive is off.
    /// </summary>
    /// <exception cref="ArgumentException">The group runs at a time of day or on a cron expression and so has no interval.</exception>
    public static TimeSpan Current(GroupDefinition group, LoadBand band, AdaptiveSettings settings)
        => Compute(group, band, settings).Interval;

    /// <summary>Explains <see cref="Current"/> for status output: <c>busy: CPU 78 %, x1.5, capped at maxEvery 1h</c>.</summary>
    public static string Reason(GroupDefinition group, LoadBand band, double smoothedCpu, AdaptiveSettings settings)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(settings);
        if (group.Schedule is not EverySchedule)
        {
            return "fixed: " + group.Schedule.Describe();
        }

        if (!IsAdaptive(group, settings))
        {
            return "fixed: adaptive off";
        }

        var (_, factor, clamp) = Compute(group, band, settings);
        // Said against the threshold that defines the band, so "busy: CPU 70 %" never stands for 70.3 above 70.
        var cpu = band switch
        {
            LoadBand.Busy => Percent.Beyond(smoothedCpu, settings.BusyAboveCpu),
            LoadBand.Idle => Percent.Beyond(smoothedCpu, settings.IdleBelowCpu),
            _ => Percent.Whole(smoothedCpu),
        };
        var text = $"{LoadBandNames.Lower(band)}: CPU {cpu} %";
        if (band != LoadBand.Normal)
        {
            text += ", x" + factor.ToString("0.##", CultureInfo.InvariantCulture);
        }

        return clamp switch
        {
            Clamp.Max => text + ", capped at maxEvery " + Durations.Format(group.MaxEvery!.Value),
            Clamp.Min => text + ", raised to minEvery " + Durations.Format(group.MinEvery!.Value),
            _ => text,
        };
    }

    /// <inheritdoc cref="Reason(GroupDefinition, LoadBand, double, AdaptiveSettings)"/>
    public static string Reason(GroupDefinition group, LoadState state, AdaptiveSettings settings)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Reason(group, state.Band, state.SmoothedCpu, settings);
    }

    private static (TimeSpan Interval, double Factor, Clamp Clamp) Compute(GroupDefinition group, LoadBand band, AdaptiveSettings settings)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(settings);
        if (group.Schedule is not EverySchedule every)
        {
            throw new ArgumentException(
                $"Group '{group.Name}' runs {group.Schedule.Describe()}; only 'every' schedules have an interval to adapt.",
                nameof(group));
        }

        if (!IsAdaptive(group, settings))
        {
            return (every.Interval, 1, Clamp.None);
        }

        var factor = Factor(band, settings);
        var interval = TimeSpan.FromMilliseconds(Math.Round(every.Interval.TotalMilliseconds * factor));

        // Max first, then min: should a file ever give minEvery > maxEvery, the longer interval wins.
        if (group.MaxEvery is { } max && interval > max)
        {
            return (max, factor, Clamp.Max);
        }

        if (group.MinEvery is { } min && interval < min)
        {
            return (min, factor, Clamp.Min);
        }

        return (interval, factor, Clamp.None);
    }

    private enum Clamp
    {
        None,
        Min,
        Max,
    }
}
