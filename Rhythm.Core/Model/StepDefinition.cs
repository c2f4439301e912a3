using System.Text.Json;

namespace Rhythm.Model;

/// <summary>One step of a group, as written in jobs.json.</summary>
public sealed record StepDefinition
{
    /// <summary>The step's name, unique within its group.</summary>
    public required string Name { get; init; }

    /// <summary>A script or program path, or <c>builtin:NAME</c>.</summary>
    public required string Run { get; init; }

    /// <summary>Arguments passed as argv, never through a shell.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Working directory; relative paths are resolved against the folder of jobs.json.</summary>
    public string? Cwd { get; init; }

    /// <summary>The folder the step runs in: <see cref="Cwd"/> resolved against <paramref name="baseDirectory"/>, the jobs.json folder.</summary>
    /// <param name="baseDirectory">The folder of jobs.json.</param>
    /// <returns>The full path of the working directory.</returns>
    public string WorkingDirectory(string baseDirectory) => Cwd is null ? baseDirectory : Path.GetFullPath(Path.Combine(baseDirectory, Cwd));

    /// <summary>Extra environment variables; <c>${VAR}</c> is expanded from the host's environment.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>How long the step may run before its whole process tree is stopped; <see langword="null"/> for no limit.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Whether the group goes on to its next step when this one fails.</summary>
    public bool ContinueOnError { get; init; }

    /// <summary>Exit codes that count as success. The default is just 0.</summary>
    public IReadOnlyList<int> SuccessCodes { get; init; } = [0];

    /// <summary>Options for a built-in step (<c>"with": { ... }</c>), or <see langword="null"/>.</summary>
    public JsonElement? With { get; init; }

    /// <summary>Whether <see cref="Run"/> names a built-in step.</summary>
    public bool IsBuiltin => Run.StartsWith(BuiltinPrefix, StringComparison.Ordinal);

    /// <summary>The built-in's name without the prefix, or <see langword="null"/> for a program step.</summary>
    public string? BuiltinName => IsBuiltin ? Run[BuiltinPrefix.Length..] : null;

    /// <summary>The prefix that marks a built-in step.</summary>
    public const string BuiltinPrefix = "builtin:";
}
