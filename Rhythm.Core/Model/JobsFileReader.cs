using System.Text;
using Rhythm.Steps;

namespace Rhythm.Model;

/// <summary>Reads jobs.json files: syntax, shape, and the rules between groups.</summary>
/// <remarks>
/// The reader never throws on bad input and never stops at the first problem: it returns every problem it finds,
/// each naming the group, step and field and saying what to write instead. <c>//</c> and <c>/* */</c> comments and
/// trailing commas are allowed, because people edit the file by hand. Files over 4 MiB and JSON nested more than
/// 64 levels deep are refused.
/// </remarks>
public static class JobsFileReader
{
    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    /// <param name="path">The jobs.json path; problems name the file as given here.</param>
    /// <param name="builtins">
    /// The steps valid after <c>builtin:</c>, whose <c>with</c> options are checked too; <see langword="null"/> skips
    /// both checks.
    /// </param>
    /// <returns>The file, whose <see cref="JobsFile.SourcePath"/> is the full path, or every problem found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    public static JobsFileResult Read(string path, IReadOnlyCollection<StepRegistration>? builtins = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var problems = new ProblemList(path);
        var bytes = JobsFileSource.Load(path, problems, out var fullPath);
        return bytes is null
            ? new JobsFileResult(null, problems.ToList())
            : Bind(bytes, fullPath, problems, builtins);
    }

    /// <summary>Validates JSON text as if it had been read from <paramref name="sourcePath"/>.</summary>
    /// <param name="json">The content of a jobs.json.</param>
    /// <param name="sourcePath">The name problems report and <see cref="JobsFile.SourcePath"/> holds; relative paths in the file resolve against its folder.</param>
    /// <param name="builtins">
    /// The steps valid after <c>builtin:</c>, whose <c>with</c> options are checked too; <see langword="null"/> skips
    /// both checks.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> or <paramref name="sourcePath"/> is <see langword="null"/>.</exception>
    public static JobsFileResult Parse(string json, string sourcePath, IReadOnlyCollection<StepRegistration>? builtins = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(sourcePath);
        var problems = new ProblemList(string.IsNullOrWhiteSpace(sourcePath) ? "(inline)" : sourcePath);
        // Counting characters first avoids encoding a huge string just to learn that it is too large.
        if (json.Length > JobsFileLimits.MaxFileBytes || Encoding.UTF8.GetByteCount(json) > JobsFileLimits.MaxFileBytes)
        {
            problems.Add(string.Empty, JobsFileSource.TooLarge(null));
            return new JobsFileResult(null, problems.ToList());
        }

        return Bind(Encoding.UTF8.GetBytes(json), problems.File, problems, builtins);
    }

    private static JobsFileResult Bind(byte[] bytes, string sourcePath, ProblemList problems, IReadOnlyCollection<StepRegistration>? builtins)
    {
        using var document = JobsFileSyntax.Parse(bytes, problems);
        var file = document is null ? null : new JobsFileBinder(problems, builtins).Bind(document.RootElement, sourcePath);
        return new JobsFileResult(file, problems.ToList());
    }
}
