using Rhythm.Host.Cli;
using Rhythm.Model;
using Rhythm.Status;

namespace Rhythm.Host.Commands;

/// <summary><c>rhythm history [--group NAME] [--limit N] [--json]</c>: recent runs, newest first.</summary>
internal static class HistoryCommand
{
    public static int Run(CommandLine line, TextWriter output, TextWriter error)
    {
        var path = JobsFileArgument.Path(line);
        var group = line.Option("group");
        var limit = line.IntOption("limit", 20, 1, 100_000);
        var json = line.Flag("json");
        line.RejectUnknown();
        var file = JobsFileArgument.ReadOrReport(path, error);
        if (file is null)
        {
            return ExitCodes.Invalid;
        }

        if (group is not null && file.Find(group) is null)
        {
            error.WriteLine($"{path}: there is no group '{group}'. Groups: {string.Join(", ", file.Groups.Select(g => g.Name))}");
            return ExitCodes.Invalid;
        }

        var runs = StatusReader.History(file, group, limit);
        if (json)
        {
            JsonOutput.Write(output, runs);
            return ExitCodes.Ok;
        }

        var rows = runs.Select(r => new[]
        {
            StatusCommand.Time(r.StartedAt),
            r.Group,
            JsonOutput.Word(r.Cause),
            JsonOutput.Word(r.Outcome),
            r.EndedAt is { } end && r.StartedAt is { } start ? Durations.Format(end - start) : "-",
            r.Reason ?? string.Empty,
        }).ToList();
        Table.Write(output, ["STARTED", "GROUP", "CAUSE", "OUTCOME", "TOOK", "REASON"], rows);
        return ExitCodes.Ok;
    }
}
