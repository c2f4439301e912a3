using System.Text.Json;

namespace Rhythm.Model;

/// <summary>Reads the <c>rhythm</c> and <c>adaptive</c> sections; a missing section or field keeps the record's default.</summary>
internal static class SettingsBinder
{
    /// <param name="top">The file's top-level object.</param>
    /// <param name="sampleEvery">
    /// The sampling interval the adaptive window is checked against, or <see langword="null"/> when the file's
    /// value was wrong (already reported; the window is then checked against the shortest allowed).
    /// </param>
    public static RhythmSettings ReadRhythm(JsonObjectReader top, out SampleEvery? sampleEvery)
    {
        var defaults = new RhythmSettings();
        sampleEvery = new SampleEvery(defaults.SampleEvery, IsDefault: true);
        var section = Section(top, "rhythm", JobsFileKeys.Rhythm);
        if (section is null)
        {
            return defaults;
        }

        var problems = section.Problems;

        var store = section.String("store", required: false, "\"rhythm.db\"");
        if (store is not null && store.Any(char.IsControl))
        {
            problems.Add(section.FieldLocation("store"), $"{MessageText.Quote(store)} contains a control character, which a file path cannot have. Write a path such as \"rhythm.db\".");
            store = null;
        }

        var sample = section.Duration(
            "sampleEvery",
            "15s",
            JobsFileLimits.MinSampleEvery,
            "each sample costs CPU of its own and writes a metric row, and samples closer together measure short bursts rather than load.");
        sampleEvery = sample is { } given ? new SampleEvery(given, IsDefault: false)
            : section.Has("sampleEvery") ? null
            : sampleEvery;

        return new RhythmSettings
        {
            Store = store ?? defaults.Store,
            MaxConcurrency = section.Integer("maxConcurrency", JobsFileLimits.MinConcurrency, JobsFileLimits.MaxConcurrency, "how many groups may run at once")
                ?? defaults.MaxConcurrency,
            SampleEvery = sample ?? defaults.SampleEvery,
            MemoryPressure = section.Number("memoryPressure", 0, 100, "the memory use in % above which medium and low groups are skipped")
                ?? defaults.MemoryPressure,
            CpuPressure = section.Number("cpuPressure", 0, 100, "the CPU use in % above which all but critical groups are skipped; null turns it off", allowNull: true)
                ?? defaults.CpuPressure,
            KeepMetrics = section.Duration("keepMetrics", "14d") ?? defaults.KeepMetrics,
            KeepHistory = section.Duration("keepHistory", "30d") ?? defaults.KeepHistory,
            GracePeriod = section.Duration("gracePeriod", "10s") ?? defaults.GracePeriod,
        };
    }

    /// <param name="top">The file's top-level object.</param>
    /// <param name="sampleEvery">What <see cref="ReadRhythm"/> gave; the window must span at least two samples.</param>
    public static AdaptiveSettings ReadAdaptive(JsonObjectReader top, SampleEvery? sampleEvery)
    {
        var defaults = new AdaptiveSettings();
        var section = Section(top, "adaptive", JobsFileKeys.Adaptive);
        if (section is null)
        {
            return defaults;
        }

        var problems = section.Problems;

        var enabled = section.Bool("enabled");
        var idleBelow = section.Number("idleBelowCpu", 0, 100, "the CPU use in % below which the machine counts as idle");
        var busyAbove = section.Number("busyAboveCpu", 0, 100, "the CPU use in % above which the machine counts as busy");
        // A value already reported as wrong is not compared again: one mistake, one message.
        var bandsReadable = (!section.Has("idleBelowCpu") || idleBelow is not null) && (!section.Has("busyAboveCpu") || busyAbove is not null);
        var idle = idleBelow ?? defaults.IdleBelowCpu;
        var busy = busyAbove ?? defaults.BusyAboveCpu;
        var idleText = MessageText.Number(idle) + (idleBelow is null ? ", the default" : string.Empty);
        var busyText = MessageText.Number(busy) + (busyAbove is null ? ", the default" : string.Empty);
        if (bandsReadable && (idleBelow is not null || busyAbove is not null) && idle >= busy)
        {
            problems.Add(
                section.FieldLocation(idleBelow is null ? "busyAboveCpu" : "idleBelowCpu"),
                $"idleBelowCpu ({idleText}) must be lower than busyAboveCpu ({busyText}): between the two lies the normal band, where intervals keep their base length.");
            bandsReadable = false;
        }

        var hysteresis = section.Number("hysteresis", 0, 100, "points of CPU % a band must be crossed by before it changes");
        var hysteresisReadable = !section.Has("hysteresis") || hysteresis is not null;
        if (bandsReadable && hysteresisReadable && (hysteresis ?? defaults.Hysteresis) is var h && h >= busy - idle)
        {
            // Busy is left only below busyAboveCpu - hysteresis and idle only above idleBelowCpu + hysteresis; once
            // those cross, each band holds until the other one is reached and the normal band is never entered.
            var hysteresisText = MessageText.Number(h) + (hysteresis is null ? ", the default" : string.Empty);
            var gap = MessageText.Number(busy - idle);
            problems.Add(
                section.FieldLocation(hysteresis is null ? (idleBelow is null ? "busyAboveCpu" : "idleBelowCpu") : "hysteresis"),
                $"hysteresis ({hysteresisText}) must be smaller than the gap of {gap} points between idleBelowCpu ({idleText}) and busyAboveCpu ({busyText}): "
                + $"otherwise a busy machine stays busy until it is idle and an idle one stays idle until it is busy, and the normal band is never reached. "
                + $"Write a hysteresis below {gap}, such as {MessageText.Number(Math.Min(defaults.Hysteresis, Math.Floor((busy - idle) / 4)))}, or move the two thresholds further apart.");
            hysteresis = null;
        }

        var minIdle = MessageText.Number(JobsFileLimits.MinIdleFactor);
        var idleFactor = section.AnyNumber("idleFactor", $"a number from {minIdle} to 1, such as 0.8");
        if (idleFactor is <= 0)
        {
            problems.Add(section.FieldLocation("idleFactor"), $"{section.RawNumber("idleFactor")} is not above 0. Write a factor from {minIdle} to 1, such as 0.8 (10m becomes 8m while idle).");
            idleFactor = null;
        }
        else if (idleFactor is { } shrink && shrink < JobsFileLimits.MinIdleFactor)
        {
            problems.Add(
                section.FieldLocation("idleFactor"),
                $"{section.RawNumber("idleFactor")} is below {minIdle}: an idle machine would run a 10m group every {Durations.Format(TimeSpan.FromMinutes(10 * shrink))}, close to a busy loop. Write a factor from {minIdle} to 1, such as 0.8 (10m becomes 8m while idle).");
            idleFactor = null;
        }
        else if (idleFactor is > 1)
        {
            problems.Add(section.FieldLocation("idleFactor"), $"{section.RawNumber("idleFactor")} is above 1, which would stretch intervals while the machine is idle. Write a factor from {minIdle} to 1, such as 0.8 (10m becomes 8m).");
            idleFactor = null;
        }

        var maxBusy = MessageText.Number(JobsFileLimits.MaxBusyFactor);
        var busyFactor = section.AnyNumber("busyFactor", $"a number from 1 to {maxBusy}, such as 1.5");
        if (busyFactor is <= 0)
        {
            problems.Add(section.FieldLocation("busyFactor"), $"{section.RawNumber("busyFactor")} is not above 0. Write a factor from 1 to {maxBusy}, such as 1.5 (10m becomes 15m while busy).");
            busyFactor = null;
        }
        else if (busyFactor is < 1)
        {
            problems.Add(section.FieldLocation("busyFactor"), $"{section.RawNumber("busyFactor")} is below 1, which would shorten intervals while the machine is busy. Write a factor from 1 to {maxBusy}, such as 1.5 (10m becomes 15m).");
            busyFactor = null;
        }
        else if (busyFactor is { } stretch && stretch > JobsFileLimits.MaxBusyFactor)
        {
            problems.Add(
                section.FieldLocation("busyFactor"),
                $"{section.RawNumber("busyFactor")} is above {maxBusy}: a busy machine would run a 10m group only every {Durations.Format(TimeSpan.FromMinutes(10 * stretch))}, which all but stops the schedule. Write a factor from 1 to {maxBusy}, such as 1.5 (10m becomes 15m while busy).");
            busyFactor = null;
        }

        var window = section.Duration("window", "1m");
        // A sampleEvery already reported as wrong still has a floor, and the window must cover two samples at that.
        var interval = sampleEvery?.Interval ?? JobsFileLimits.MinSampleEvery;
        if (window is { } span && span < interval * JobsFileLimits.MinSamplesPerWindow)
        {
            var least = Durations.Format(interval * JobsFileLimits.MinSamplesPerWindow);
            var sampleText = sampleEvery is not { } sample ? $"rhythm.sampleEvery at its shortest ({Durations.Format(interval)})"
                : $"rhythm.sampleEvery ({Durations.Format(interval)}{(sample.IsDefault ? ", the default" : string.Empty)})";
            problems.Add(
                section.FieldLocation("window"),
                $"window ({Durations.Format(span)}) must be at least twice {sampleText}, that is {least}: "
                + $"a shorter window averages a single sample, so every short burst moves the load band. Write \"{least}\" or longer, such as \"1m\", or sample more often.");
            window = null;
        }

        return new AdaptiveSettings
        {
            Enabled = enabled ?? defaults.Enabled,
            IdleBelowCpu = idleBelow ?? defaults.IdleBelowCpu,
            BusyAboveCpu = busyAbove ?? defaults.BusyAboveCpu,
            IdleFactor = idleFactor ?? defaults.IdleFactor,
            BusyFactor = busyFactor ?? defaults.BusyFactor,
            Hysteresis = hysteresis ?? defaults.Hysteresis,
            Window = window ?? defaults.Window,
        };
    }

    private static JsonObjectReader? Section(JsonObjectReader top, string key, KeySet keys)
    {
        if (!top.TryGet(key, out var element))
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            top.WrongType(key, element, $"an object such as \"{key}\": {{ ... }}");
            return null;
        }

        return new JsonObjectReader(element, $"section '{key}'", keys, top.Problems);
    }
}

/// <summary>The sampling interval the <c>adaptive.window</c> is checked against, and whether the file left it at the default.</summary>
internal readonly record struct SampleEvery(TimeSpan Interval, bool IsDefault);
