using Microsoft.Extensions.Logging.Abstractions;
using Rhythm.Model;

namespace Rhythm.Jobs.Processes;

/// <summary>
/// What would make a program step fail before it starts: a script or program that is not there, an interpreter
/// that is missing, a working folder that does not exist. The file can still be valid (the script may be deployed
/// later), so these are warnings, found the way a run would find them.
/// </summary>
internal static class StepReadiness
{
    public static IReadOnlyList<string> Check(JobsFile file)
    {
        var warnings = new List<string>();
        foreach (var group in file.Groups.Where(g => g.Enabled))
        {
            foreach (var step in group.Steps.Where(s => !s.IsBuiltin))
            {
                var where = $"{file.SourcePath}: group '{group.Name}', step '{step.Name}'";
                var environment = StepEnvironment.Build(step.Env, NullLogger.Instance);
                if (!CommandResolver.TryResolve(step.Run, step.Args, file.BaseDirectory, environment.SearchPath, out _, out var error))
                {
                    warnings.Add($"{where}, field 'run': {error}");
                }

                var folder = step.WorkingDirectory(file.BaseDirectory);
                if (!Directory.Exists(folder))
                {
                    warnings.Add($"{where}, field 'cwd': working directory not found: {folder}");
                }
            }
        }

        return warnings;
    }
}
