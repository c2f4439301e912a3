using Rhythm.Host.Cli;
using Rhythm.Jobs.Processes;

namespace Rhythm.Host.Commands;

/// <summary><c>rhythm validate</c>: exit 0 with a one-line summary, or exit 2 with every problem.</summary>
internal static class ValidateCommand
{
    public static int Run(CommandLine line, TextWriter output, TextWriter error)
    {
        var path = JobsFileArgument.Path(line);
        line.RejectUnknown();
        var file = JobsFileArgument.ReadOrReport(path, error);
        if (file is null)
        {
            return ExitCodes.Invalid;
        }

        var enabled = file.Groups.Count(g => g.Enabled);
        var steps = file.Groups.Sum(g => g.Steps.Count);
        output.WriteLine($"{path} is valid: {file.Groups.Count} groups ({enabled} enabled), {steps} steps, store {file.StorePath}");

        // Valid, yet sure to fail on this machine as it is now: said, without failing the file.
        var warnings = StepReadiness.Check(file);
        foreach (var warning in warnings)
        {
            error.WriteLine($"warning: {warning}");
        }

        if (warnings.Count > 0)
        {
            error.WriteLine($"{warnings.Count} step{(warnings.Count == 1 ? " is" : "s are")} sure to fail until that is fixed");
        }

        return ExitCodes.Ok;
    }
}
