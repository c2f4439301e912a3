namespace Rhythm.Model;

/// <summary>The result of reading a jobs.json: the file when it is valid, and every problem found.</summary>
public sealed class JobsFileResult
{
    internal JobsFileResult(JobsFile? file, IReadOnlyList<ValidationProblem> problems)
    {
        File = problems.Count == 0 ? file : null;
        Problems = problems;
    }

    /// <summary>The parsed file, or <see langword="null"/> when there are problems.</summary>
    public JobsFile? File { get; }

    /// <summary>Every problem found; empty when the file is valid.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; }

    /// <summary>Whether the file is valid.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>Returns the file or throws <see cref="JobsFileException"/> listing every problem.</summary>
    public JobsFile GetFileOrThrow() => File ?? throw new JobsFileException(Problems);
}
