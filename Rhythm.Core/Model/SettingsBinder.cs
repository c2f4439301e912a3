using System.Text.Json;

namespace Rhythm.Model;

/// <summary>Reads the <c>rhythm</c> and <c>adaptive</c> sections; a missing section or field keeps the record's default.</summary>
internal static class SettingsBinder
{
    public static RhythmSettings ReadRhythm(JsonObjectReader top)
    {
        var defaults = new RhythmSettings();
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

        return new RhythmSettings
        {
            Store = store ?? defaults.Store,
            MaxConcurrency = section.Integer("maxConcurrency", JobsFileLimits.MinConcurrency, JobsFileLimits.MaxConcurrency, "how many groups may run at once")
                ?? defaults.MaxConcurrency,
            SampleEvery = section.Duration("sampleEvery", "15s") ?? defaults.SampleEvery,
            MemoryPressure = section.Number("memoryPressure", 0, 100, "the memory use in % above which medium and low groups are skipped")
                ?? defaults.MemoryPressure,
            CpuPressure = section.Number("cpuPressure", 0, 100, "the CPU use in % above which all but critical groups are skipped; null turns it off", allowNull: true)
                ?? defaults.CpuPressure,
            KeepMetrics = section.Duration("keepMetrics", "14d") ?? defaults.KeepMetrics,
            KeepHistory = section.Duration("keepHistory", "30d") ?? defaults.KeepHistory,
            GracePeriod = section.Duration("gracePeriod", "10s") ?? defaults.GracePeriod,
        };
    }

    public static AdaptiveSettings ReadAdaptive(JsonObjectReader top)
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
        if (bandsReadable && (idleBelow is not null || busyAbove is not null))
        {
            var idle = idleBelow ?? defaults.IdleBelowCpu;
            var busy = busyAbove ?? defaults.BusyAboveCpu;
            if (idle >= busy)
            {
                var idleText = MessageText.Number(idle) + (idleBelow is null ? ", the default" : string.Empty);
                var busyText = MessageText.Number(busy) + (busyAbove is null ? ", the default" : string.Empty);
                problems.Add(
                    section.FieldLocation(idleBelow is null ? "busyAboveCpu" : "idleBelowCpu"),
                    $"idleBelowCpu ({idleText}) must be lower than busyAboveCpu ({busyText}): between the two lies the normal band, where intervals keep their base length.");
            }
        }

        var idleFactor = section.AnyNumber("idleFactor", "a number above 0 and at most 1, such as 0.8");
        if (idleFactor is <= 0)
        {
            problems.Add(section.FieldLocation("idleFactor"), $"{section.RawNumber("idleFactor")} is not above 0. Write a factor above 0 and at most 1, such as 0.8 (10m becomes 8m while idle).");
            idleFactor = null;
        }
        else if (idleFactor is > 1)
        {
            problems.Add(section.FieldLocation("idleFactor"), $"{section.RawNumber("idleFactor")} is above 1, which would stretch intervals while the machine is idle. Write a factor above 0 and at most 1, such as 0.8 (10m becomes 8m).");
            idleFactor = null;
        }

        var busyFactor = section.AnyNumber("busyFactor", "a number of at least 1, such as 1.5");
        if (busyFactor is <= 0)
        {
            problems.Add(section.FieldLocation("busyFactor"), $"{section.RawNumber("busyFactor")} is not above 0. Write a factor of at least 1, such as 1.5 (10m becomes 15m while busy).");
            busyFactor = null;
        }
        else if (busyFactor is < 1)
        {
            problems.Add(section.FieldLocation("busyFactor"), $"{section.RawNumber("busyFactor")} is below 1, which would shorten intervals while the machine is busy. Write a factor of at least 1, such as 1.5 (10m becomes 15m).");
            busyFactor = null;
        }

        return new AdaptiveSettings
        {
            Enabled = enabled ?? defaults.Enabled,
            IdleBelowCpu = idleBelow ?? defaults.IdleBelowCpu,
            BusyAboveCpu = busyAbove ?? defaults.BusyAboveCpu,
            IdleFactor = idleFactor ?? defaults.IdleFactor,
            BusyFactor = busyFactor ?? defaults.BusyFactor,
            Hysteresis = section.Number("hysteresis", 0, 100, "points of CPU % a band must be crossed by before it changes") ?? defaults.Hysteresis,
            Window = section.Duration("window", "1m") ?? defaults.Window,
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
