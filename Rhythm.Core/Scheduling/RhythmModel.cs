using Microsoft.Extensions.Options;
using Rhythm.Model;
using Rhythm.Steps;

namespace Rhythm.Scheduling;

/// <summary>
/// The jobs.json the engine is running now: read on first use, replaced whole when a new valid file is applied.
/// </summary>
internal sealed class RhythmModel(IOptions<RhythmOptions> options, IEnumerable<StepRegistration> registrations)
{
    private readonly Lock _gate = new();
    private JobsFile? _current;

    /// <summary>The steps valid after <c>builtin:</c>, for validating a file.</summary>
    public IReadOnlyCollection<StepRegistration> Builtins { get; } = registrations.ToList();

    /// <summary>The current file; the first call reads it and throws <see cref="JobsFileException"/> if it is invalid.</summary>
    public JobsFile Current
    {
        get
        {
            var current = Volatile.Read(ref _current);
            if (current is not null)
            {
                return current;
            }

            lock (_gate)
            {
                _current ??= Read().GetFileOrThrow();
                return _current;
            }
        }
    }

    /// <summary>Reads the configured file without applying it.</summary>
    public JobsFileResult Read() => JobsFileReader.Read(options.Value.JobsFile, Builtins);

    public void Replace(JobsFile file) => Volatile.Write(ref _current, file);
}
