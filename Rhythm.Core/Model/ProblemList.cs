namespace Rhythm.Model;

/// <summary>Collects the problems of one file, keeping the first <see cref="JobsFileLimits.MaxProblems"/> and counting the rest.</summary>
internal sealed class ProblemList(string file)
{
    private readonly List<ValidationProblem> _problems = [];
    private int _dropped;

    public string File { get; } = file;

    public bool IsEmpty => _problems.Count == 0;

    /// <summary>Once full, callers skip work that only serves a message nobody will see.</summary>
    public bool IsFull => _problems.Count >= JobsFileLimits.MaxProblems;

    public void Add(string location, string message)
    {
        if (IsFull)
        {
            _dropped++;
            return;
        }

        _problems.Add(new ValidationProblem(File, location, message));
    }

    public IReadOnlyList<ValidationProblem> ToList()
    {
        if (_dropped == 0)
        {
            return _problems.ToArray();
        }

        var all = new List<ValidationProblem>(_problems)
        {
            new(File, string.Empty, $"... and {_dropped} more problems not shown. Fix the ones above and check the file again."),
        };
        return all;
    }
}
