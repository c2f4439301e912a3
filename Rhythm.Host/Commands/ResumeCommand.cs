using Rhythm.Host.Cli;
using Rhythm.Host.Control;

namespace Rhythm.Host.Commands;

/// <summary><c>rhythm resume GROUP|--all</c>: the running host resumes one group or every group.</summary>
internal static class ResumeCommand
{
    public static Task<int> RunAsync(CommandLine line, TextWriter output, TextWriter error)
    {
        var path = JobsFileArgument.Path(line);
        var all = line.Flag("all");
        line.RejectUnknown(maxPositional: 1);
        if (all == (line.Positional.Count == 1))
        {
            throw new UsageException("'resume' takes either a group or --all: rhythm resume GROUP | rhythm resume --all");
        }

        var route = all ? "/resume-all" : ControlVerb.GroupRoute(line.Positional[0], "resume");
        return ControlVerb.SendAsync(path, route, output, error);
    }
}
