namespace Rhythm.Model;

/// <summary>Thrown when a jobs.json cannot be used; the message lists every problem, one a line.</summary>
public sealed class JobsFileException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    public JobsFileException(IReadOnlyList<ValidationProblem> problems)
        : base(string.Join(Environment.NewLine, problems.Select(p => p.ToString())))
    {
        Problems = problems;
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; }
}
