using Rhythm.Host.Cli;
using Rhythm.Host.Control;

namespace Rhythm.Host.Commands;

/// <summary><c>rhythm pause GROUP|--all</c>: the running host pauses one group or every group.</summary>
internal static class PauseCommand
{
    public static Task<int> RunAsync(CommandLine line, TextWriter output, TextWriter error)
    {
        var path = JobsFileArgument.Path(line);
        var all = line.Flag("all");
        line.RejectUnknown(maxPositional: 1);
        if (all == (line.Positional.Count == 1))
        {
            throw new UsageException("'pause' takes either a group or --all: rhythm pause GROUP | rhythm pause --all");
        }

        var route = all ? "/pause-all" : ControlVerb.GroupRoute(line.Positional[0], "pause");
        return ControlVerb.SendAsync(path, route, output, error);
    }
}
