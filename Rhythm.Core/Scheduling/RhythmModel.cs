using Microsoft.Extensions.Options;
using Rhythm.Model;
using Rhythm.Steps;
using Rhythm.Store;

namespace Rhythm.Scheduling;

/// <summary>
/// The jobs.json the engine is running now: read on first use, replaced whole when a new valid file is applied.
/// </summary>
/// <remarks>
/// In a dry run every file read here names a copy of its store instead of the store itself (see
/// <see cref="StoreSnapshot"/>), so that the engine, reloads and built-in steps all work on the copy alike.
/// </remarks>
internal sealed class RhythmModel(IOptions<RhythmOptions> options, IEnumerable<StepRegistration> registrations) : IDisposable
{
    private readonly Lock _gate = new();
    private JobsFile? _current;
    private StoreSnapshot? _dryRunStore;

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

    /// <summary>In a dry run, the store jobs.json names, which the engine locks but does not write; otherwise null.</summary>
    public string? DryRunSource => Volatile.Read(ref _dryRunStore)?.Source;

    /// <summary>Reads the configured file without applying it.</summary>
    public JobsFileResult Read()
    {
        var result = JobsFileReader.Read(options.Value.JobsFile, Builtins);
        return options.Value.DryRun && result.File is { } file ? new JobsFileResult(OnCopy(file), result.Problems) : result;
    }

    public void Replace(JobsFile file) => Volatile.Write(ref _current, file);

    public void Dispose() => _dryRunStore?.Dispose();

    private JobsFile OnCopy(JobsFile file)
    {
        lock (_gate)
        {
            _dryRunStore ??= StoreSnapshot.Take(file.StorePath);
        }

        return file with { Rhythm = file.Rhythm with { Store = _dryRunStore.Path } };
    }
}
