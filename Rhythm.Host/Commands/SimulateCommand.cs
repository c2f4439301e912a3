using System.Globalization;
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
        var options = new SimulationOptions
        {
            From = from,
            Duration = TimeSpan.FromHours(hours),
            Load = Profile(loadText, file, from, now, zone),
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

    private static LoadProfile Profile(string? text, JobsFile file, DateTimeOffset from, DateTimeOffset now, TimeZoneInfo zone)
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

            try
            {
                return LoadProfile.FromCsv(text, zone);
            }
            catch (FormatException exception)
            {
                throw new UsageException(exception.Message);
            }
        }

        // Without a profile, replay what the machine did over the last day, starting at --from.
        var since = now - TimeSpan.FromDays(1);
        var history = StatusReader.Metrics(file, since);
        if (history.Count == 0)
        {
            return LoadProfile.Flat(45, 40, "flat normal (no load history in the store)");
        }

        var shift = from - since;
        return LoadProfile.FromPoints("the store's last 24 h", history.Select(p => (p.At + shift, p.SmoothedCpu, p.SmoothedMemory)).ToList());
    }
}
