using Microsoft.Extensions.DependencyInjection;
using Rhythm.Host.Cli;
using Rhythm.Jobs;
using Rhythm.Model;
using Rhythm.Steps;

namespace Rhythm.Host.Commands;

/// <summary>The <c>--jobs PATH</c> every verb takes, and reading that file as the host would.</summary>
internal static class JobsFileArgument
{
    public const string DefaultPath = "jobs.json";

    public static string Path(CommandLine line) => System.IO.Path.GetFullPath(line.Option("jobs") ?? DefaultPath);

    /// <summary>The built-in steps the host registers, so validation knows their names and checks their options.</summary>
    public static IReadOnlyCollection<StepRegistration> Builtins()
    {
        using var services = new ServiceCollection().AddRhythmJobs().BuildServiceProvider();
        return services.GetServices<StepRegistration>().ToList();
    }

    public static JobsFileResult Read(string path) => JobsFileReader.Read(path, Builtins());

    /// <summary>Reads the file or prints every problem to stderr; null means exit <see cref="ExitCodes.Invalid"/>.</summary>
    public static JobsFile? ReadOrReport(string path, TextWriter error)
    {
        var result = Read(path);
        if (result.IsValid)
        {
            return result.File;
        }

        foreach (var problem in result.Problems)
        {
            error.WriteLine(problem);
        }

        error.WriteLine($"{result.Problems.Count} problem{(result.Problems.Count == 1 ? string.Empty : "s")} in {path}");
        return null;
    }
}
