using Rhythm.Jobs.Processes;
using Rhythm.Model;

namespace Rhythm.Host.Service;

/// <summary>Everything a service unit needs to know: what to start, as whom, where, and how long a stop may take.</summary>
/// <param name="Name">The service name, <c>rhythm</c>; the Windows service lifetime in <c>rhythm run</c> uses the same.</param>
/// <param name="Program">The program and the arguments before the verb: <c>rhythm</c>, or <c>dotnet rhythm.dll</c>.</param>
/// <param name="JobsPath">The full path of jobs.json.</param>
/// <param name="User">The account the service runs as.</param>
/// <param name="StopTimeout">How long the service manager waits for a stop before it kills the host.</param>
internal sealed record ServiceDefinition(string Name, IReadOnlyList<string> Program, string JobsPath, string User, TimeSpan StopTimeout)
{
    public const string DefaultName = "rhythm";

    /// <summary>
    /// After SIGTERM the host gives running steps the grace period, then kills their trees and waits up to 10 s for
    /// them to vanish; its own shutdown limit is the grace period plus 15 s. The service manager's kill must come
    /// after all of that, never in the middle of it.
    /// </summary>
    public static readonly TimeSpan StopMargin = TimeSpan.FromSeconds(30);

    /// <summary>The folder of jobs.json: the working directory, and where the store, logs and control files live by default.</summary>
    public string WorkingDirectory => Path.GetDirectoryName(JobsPath)!;

    /// <summary>The command line the service runs: the program, <c>run</c>, and the jobs file.</summary>
    public IReadOnlyList<string> CommandLine => [.. Program, "run", "--jobs", JobsPath];

    public static ServiceDefinition For(JobsFile file, string jobsPath, string user) => new(
        DefaultName,
        ThisProgram.Command(),
        Path.GetFullPath(jobsPath),
        user,
        TimeSpan.FromSeconds(Math.Ceiling(file.Rhythm.GracePeriod.TotalSeconds)) + StopMargin);
}
