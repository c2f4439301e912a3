using Rhythm.Host.Cli;
using Rhythm.Host.Control;

namespace Rhythm.Host.Commands;

/// <summary><c>rhythm trigger GROUP [--force]</c>: the running host starts the group now.</summary>
internal static class TriggerCommand
{
    public static Task<int> RunAsync(CommandLine line, TextWriter output, TextWriter error)
    {
        var path = JobsFileArgument.Path(line);
        var force = line.Flag("force");
        line.RejectUnknown(maxPositional: 1);
        if (line.Positional.Count != 1)
        {
            throw new UsageException("'trigger' needs the name of a group: rhythm trigger GROUP [--force]");
        }

        var route = ControlVerb.GroupRoute(line.Positional[0], "trigger") + (force ? "?force=true" : string.Empty);
        return ControlVerb.SendAsync(path, route, output, error);
    }
}
