using System.Globalization;
using Rhythm.Host.Cli;
using Rhythm.Host.Control;
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
        var status = Read(path, error);
        if (status is null)
        {
            return ExitCodes.Invalid;
        }
        if (json)
        {
            JsonOutput.Write(output, status);
            return ExitCodes.Ok;
        }

        output.WriteLine($"jobs  {status.JobsFile}");
        output.WriteLine($"store {status.Store}{(status.StoreExists ? string.Empty : " (not created yet: start the host with 'rhythm run')")}");
        output.WriteLine(status.HostPid is { } pid
            ? $"host  running, pid {pid}"
            : "host  not running: nothing fires until 'rhythm run' starts it; the schedule below is as the last host left it");
        if (status.Load is { } load)
        {
            output.WriteLine($"load  {load.Band}: CPU {load.SmoothedCpu:0} %, memory {load.SmoothedMemory:0} % (smoothed; now {load.Cpu:0} % / {load.Memory:0} %), intervals x{load.Factor:0.##}, at {Time(load.At)}");
        }

        if (status.FileRejected is not null)
        {
            foreach (var problem in status.FileRejected.Split('\n'))
            {
                output.WriteLine($"! {problem}");
            }

            output.WriteLine("! the host keeps running the last good schedule, shown below; fix the file and save it again");
        }

        output.WriteLine();
        var rows = status.Groups.Select(g => new[]
        {
            g.Name,
            g.Schedule,
            g.Priority,
            g.State,
            Time(g.NextFireAt),
            g.LastSkippedAt is not null ? $"skipped {Time(g.LastSkippedAt)}"
                : g.LastOutcome is null ? "-"
                : $"{g.LastOutcome} {Time(g.LastStartedAt)}",
            Interval(g),
        }).ToList();
        Table.Write(output, ["GROUP", "SCHEDULE", "PRIORITY", "STATE", "NEXT", "LAST", "INTERVAL"], rows);
        foreach (var group in status.Groups)
        {
            if (group.WaitingFor is not null)
            {
                output.WriteLine($"  {group.Name}: {group.WaitingFor}");
            }

            if (group.SkipReason is not null)
            {
                output.WriteLine($"  {group.Name}: {group.SkipReason}");
            }
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// The status from the store; when the file on disk is invalid or gone, from the host that runs its last good
    /// version, since that is exactly when an operator needs to see it. No host and no valid file: every problem.
    /// </summary>
    private static RhythmStatus? Read(string path, TextWriter error)
    {
        var result = JobsFileArgument.Read(path);
        if (result.File is { } file)
        {
            return StatusReader.Read(file) with { HostPid = ControlClient.Announced(path, out _)?.Pid };
        }

        using var host = ControlClient.Connect(path, out _);
        if (host is not null)
        {
            return host.Status;
        }

        // The host did not answer, so none runs this file: the status says so rather than trust a stale announcement.
        return JobsFileArgument.ReadOrReport(path, error) is { } again ? StatusReader.Read(again) : null;
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
