using System.Globalization;
using Rhythm.History;
using Rhythm.Host.Cli;
using Rhythm.Model;
using Rhythm.Simulation;
using Rhythm.Status;

namespace Rhythm.Host.Commands;

/// <summary>
/// <c>rhythm simulate [--hours 24] [--load PROFILE] [--from TIME] [--json]</c>: the timeline the real engine would
/// play on virtual time, with no step run.
/// </summary>
internal static class SimulateCommand
{
    public static async Task<int> RunAsync(CommandLine line, TextWriter output, TextWriter error)
    {
        var path = JobsFileArgument.Path(line);
        var hours = line.IntOption("hours", 24, 1, 24 * 31);
        var loadText = line.Option("load");
        var fromText = line.Option("from");
        var json = line.Flag("json");
        line.RejectUnknown();
        var file = JobsFileArgument.ReadOrReport(path, error);
        if (file is null)
        {
            return ExitCodes.Invalid;
        }

        var zone = TimeZoneInfo.Local;
        var now = TimeProvider.System.GetUtcNow();
        var from = ParseFrom(fromText, now, zone);
        LoadProfile load;
        try
        {
            load = Profile(loadText, file, from, TimeSpan.FromHours(hours), now, zone);
        }
        catch (Exception exception) when (exception is FormatException or IOException or UnauthorizedAccessException)
        {
            // The command line was right and the file it names is not: the usage text would not help.
            error.WriteLine($"rhythm: {exception.Message}");
            return ExitCodes.Invalid;
        }

        var options = new SimulationOptions
        {
            From = from,
            Duration = TimeSpan.FromHours(hours),
            Load = load,
            TimeZone = zone,
        };
        var result = await RhythmSimulator.RunAsync(file, options);
        if (json)
        {
            JsonOutput.Write(output, new
            {
                jobsFile = file.SourcePath,
                from,
                hours,
                load = options.Load.Name,
                result.Runs,
                result.Waits,
                result.Skips,
                result.Retimings,
                elapsedMs = Math.Round(result.Elapsed.TotalMilliseconds),
                events = result.Events,
            });
            return ExitCodes.Ok;
        }

        output.WriteLine($"simulating {file.SourcePath} for {hours} h from {StatusCommand.Time(from)} (load: {options.Load.Name}); no step is run");
        var rows = result.Events.Select(e => new[]
        {
            StatusCommand.Time(e.At),
            e.Group ?? "*",
            e.Kind,
            e.Detail,
        }).ToList();
        Table.Write(output, ["AT", "GROUP", "WHAT", "DETAIL"], rows);
        output.WriteLine($"{result.Runs} runs, {result.Waits} waits, {result.Skips} skips, {result.Retimings} re-timings; simulated in {result.Elapsed.TotalSeconds:0.00} s");
        return ExitCodes.Ok;
    }

    private static DateTimeOffset ParseFrom(string? text, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (text is null)
        {
            return new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, now.Offset);
        }

        if (TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            var local = TimeZoneInfo.ConvertTime(now, zone);
            var at = local.Date + time.ToTimeSpan();
            return new DateTimeOffset(at, zone.GetUtcOffset(at));
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var value)
            ? value
            : throw new UsageException($"--from takes HH:mm (today) or a date and time such as 2026-11-26T03:00, not '{text}'");
    }

    private static LoadProfile Profile(string? text, JobsFile file, DateTimeOffset from, TimeSpan duration, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (text is not null)
        {
            if (LoadProfile.BuiltinNames.Contains(text))
            {
                return LoadProfile.Named(text, zone);
            }

            if (!File.Exists(text))
            {
                throw new UsageException($"--load takes {string.Join(", ", LoadProfile.BuiltinNames)} or a CSV file of time,cpu,memory; '{text}' is neither");
            }

            return LoadProfile.FromCsv(text, zone);
        }

        // Without a profile, replay what the machine did over the last day, starting at --from.
        var since = now - TimeSpan.FromDays(1);
        var history = StatusReader.Metrics(file, since);
        if (history.Count == 0)
        {
            return LoadProfile.Flat(45, 40, "flat normal (no load history in the store)");
        }

        var shift = from - since;
        return LoadProfile.FromPoints(
            HistoryName(history, since, now, duration, file.Rhythm.SampleEvery, zone),
            history.Select(p => (p.At + shift, p.SmoothedCpu, p.SmoothedMemory)).ToList());
    }

    /// <summary>
    /// Says how much of the last day the replayed history really covers. The replay maps the day's start onto
    /// --from and holds each sample until the next, so before the first sample its load stands in, and after the
    /// last one that one's; with little history that is most of the timeline, and the name must say so.
    /// </summary>
    internal static string HistoryName(
        IReadOnlyList<MetricPoint> history, DateTimeOffset since, DateTimeOffset now, TimeSpan duration, TimeSpan sampleEvery, TimeZoneInfo zone)
    {
        var first = history.Min(p => p.At);
        var last = history.Max(p => p.At);
        string Clock(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone).ToString("HH:mm", CultureInfo.InvariantCulture);
        if (history.Count == 1)
        {
            return $"the store's load history: only 1 sample, at {Clock(first)}, whose load stands in for the whole timeline";
        }

        var samples = string.Create(CultureInfo.InvariantCulture, $"{history.Count} samples");

        // A sample or two missing at either end is the sampler's rhythm, not a gap worth mentioning.
        var slack = TimeSpan.FromTicks(Math.Max(sampleEvery.Ticks * 4, TimeSpan.FromMinutes(1).Ticks));
        if (first - since <= slack && now - last <= slack)
        {
            var after = duration > TimeSpan.FromDays(1) ? "; after that day the last sample's load holds" : string.Empty;
            return $"the store's last 24 h of load, {samples} from {Clock(first)} to {Clock(last)}, replayed{after}";
        }

        var span = Rounded(last - first);
        var offset = first - since > slack ? $" {Rounded(first - since)} into the timeline" : string.Empty;
        return $"the store's load history: only {span} of the last 24 h ({samples} from {Clock(first)} to {Clock(last)}), "
            + $"replayed{offset}; the first sample's load stands in before it and the last one's after";
    }

    private static string Rounded(TimeSpan span) => Durations.Format(TimeSpan.FromMinutes(Math.Max(1, Math.Round(span.TotalMinutes))));
}
