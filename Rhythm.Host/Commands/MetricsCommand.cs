using System.Globalization;
using Rhythm.Host.Cli;
using Rhythm.Model;
using Rhythm.Status;

namespace Rhythm.Host.Commands;

/// <summary><c>rhythm metrics [--since 1h] [--json|--csv]</c>: the load time series the adaptive rhythm decided on.</summary>
internal static class MetricsCommand
{
    public static int Run(CommandLine line, TextWriter output, TextWriter error)
    {
        var path = JobsFileArgument.Path(line);
        var sinceText = line.Option("since") ?? "1h";
        var json = line.Flag("json");
        var csv = line.Flag("csv");
        line.RejectUnknown();
        if (!Durations.TryParse(sinceText, out var since))
        {
            throw new UsageException(DurationText.IsZeroOrNegative(sinceText)
                ? $"--since must be longer than zero: it is how far back to look, such as 30m, 1h or 7d, not '{sinceText}'"
                : $"--since takes a duration such as 30m, 1h or 7d, not '{sinceText}'");
        }

        if (json && csv)
        {
            throw new UsageException("choose one of --json and --csv");
        }

        var file = JobsFileArgument.ReadOrReport(path, error);
        if (file is null)
        {
            return ExitCodes.Invalid;
        }

        var from = TimeProvider.System.GetUtcNow() - since;
        var points = StatusReader.Metrics(file, from);
        if (json)
        {
            JsonOutput.Write(output, points);
            return ExitCodes.Ok;
        }

        if (csv)
        {
            output.WriteLine("at,cpu,memory,smoothedCpu,smoothedMemory,band,factor");
            foreach (var p in points)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{p.At:O},{p.Cpu:0.##},{p.Memory:0.##},{p.SmoothedCpu:0.##},{p.SmoothedMemory:0.##},{p.Band},{p.Factor:0.##}"));
            }

            return ExitCodes.Ok;
        }

        if (points.Count == 0)
        {
            // A header over nothing reads like a broken command; say what was looked at and why it may be empty.
            var store = File.Exists(file.StorePath) ? $"store {file.StorePath}" : $"store {file.StorePath} does not exist yet";
            output.WriteLine(
                $"no load samples since {StatusCommand.Time(from)} ({store}); a running host records one every {Durations.Format(file.Rhythm.SampleEvery)}");
            return ExitCodes.Ok;
        }

        var rows = points.Select(p => new[]
        {
            StatusCommand.Time(p.At),
            p.Cpu.ToString("0", CultureInfo.InvariantCulture),
            p.Memory.ToString("0", CultureInfo.InvariantCulture),
            p.SmoothedCpu.ToString("0", CultureInfo.InvariantCulture),
            p.SmoothedMemory.ToString("0", CultureInfo.InvariantCulture),
            p.Band,
            "x" + p.Factor.ToString("0.##", CultureInfo.InvariantCulture),
        }).ToList();
        Table.Write(output, ["AT", "CPU%", "MEM%", "SMOOTH CPU%", "SMOOTH MEM%", "BAND", "FACTOR"], rows);
        return ExitCodes.Ok;
    }
}
