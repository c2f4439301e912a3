using System.Globalization;
using Rhythm.Host.Cli;
using Rhythm.Model;
using Rhythm.Status;

namespace Rhythm.Host.Commands;

/// <summary><c>rhythm status [--json]</c>: every group with its schedule, next fire, last outcome and what it waits for.</summary>
internal static class StatusCommand
{
    public static int Run(CommandLine line, TextWriter output, TextWriter error)
    {
        var path = JobsFileArgument.Path(line);
        var json = line.Flag("json");
        line.RejectUnknown();
        var file = JobsFileArgument.ReadOrReport(path, error);
        if (file is null)
        {
            return ExitCodes.Invalid;
        }

        var status = StatusReader.Read(file);
        if (json)
        {
            JsonOutput.Write(output, status);
            return ExitCodes.Ok;
        }

        output.WriteLine($"jobs  {status.JobsFile}");
        output.WriteLine($"store {status.Store}{(status.StoreExists ? string.Empty : " (not created yet: start the host with 'rhythm run')")}");
        if (status.Load is { } load)
        {
            output.WriteLine($"load  {load.Band}: CPU {load.SmoothedCpu:0} %, memory {load.SmoothedMemory:0} % (smoothed; now {load.Cpu:0} % / {load.Memory:0} %), intervals x{load.Factor:0.##}, at {Time(load.At)}");
        }

        output.WriteLine();
        var rows = status.Groups.Select(g => new[]
        {
            g.Name,
            g.Schedule,
            g.Priority,
            g.State,
            Time(g.NextFireAt),
            g.LastOutcome is null ? "-" : $"{g.LastOutcome} {Time(g.LastStartedAt)}",
            Interval(g),
        }).ToList();
        Table.Write(output, ["GROUP", "SCHEDULE", "PRIORITY", "STATE", "NEXT", "LAST", "INTERVAL"], rows);
        foreach (var waiting in status.Groups.Where(g => g.WaitingFor is not null))
        {
            output.WriteLine($"  {waiting.Name}: {waiting.WaitingFor}");
        }

        return ExitCodes.Ok;
    }

    internal static string Time(DateTimeOffset? value)
        => value is null ? "-" : value.Value.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Interval(GroupStatus group)
    {
        if (group.CurrentInterval is null)
        {
            return "-";
        }

        var text = Durations.Format(group.CurrentInterval.Value);
        return group.IntervalReason is null ? text : $"{text} ({group.IntervalReason})";
    }
}
