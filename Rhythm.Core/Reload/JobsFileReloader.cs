using Microsoft.Extensions.Logging;
using Rhythm.Adaptive;
using Rhythm.Control;
using Rhythm.Model;
using Rhythm.Scheduling;
using Rhythm.Store;

namespace Rhythm.Reload;

/// <summary>
/// One look at jobs.json on disk: a valid file is reconciled into the running scheduler exactly as at start-up; an
/// invalid or missing one changes nothing, and the reason is logged and kept in the store for <c>rhythm status</c>.
/// </summary>
internal sealed class JobsFileReloader(
    RhythmModel model,
    RhythmEngine engine,
    AdaptiveRetimer retimer,
    RhythmStore store,
    ScheduleChanges changes,
    TimeProvider time,
    ILogger<JobsFileReloader> logger)
{
    private readonly Lock _gate = new();
    private string? _lastSeen;
    private bool _seenAny;

    /// <summary>Remembers the file the engine started on, which was valid, so that its first touch is not a reload.</summary>
    public void Start(string path)
    {
        lock (_gate)
        {
            _lastSeen = FileFingerprint.Of(path);
            _seenAny = true;
        }

        RejectedFile.Clear(store);
    }

    public async Task<ReloadOutcome> ReloadAsync(CancellationToken cancellationToken)
    {
        var running = model.Current;
        var path = running.SourcePath;
        var fingerprint = FileFingerprint.Of(path);
        lock (_gate)
        {
            if (_seenAny && string.Equals(fingerprint, _lastSeen, StringComparison.Ordinal))
            {
                return ReloadOutcome.Unchanged;
            }
        }

        var result = model.Read();
        if (result.File is not { } onDisk)
        {
            Reject(running, path, fingerprint, result.Problems);
            return ReloadOutcome.Rejected;
        }

        var applied = RestartSettings.KeepRunning(running, onDisk);
        try
        {
            var reconciled = await changes.RunAsync(async () =>
            {
                var result = await engine.ApplyAsync(applied, cancellationToken);
                retimer.RetimeAll();
                return result;
            }, cancellationToken);
            var summary = reconciled.Summary;
            logger.Applied(path, summary);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            logger.ApplyFailed(exception, path);
            await RestoreAsync(running, cancellationToken);
            Remember(fingerprint);
            new RejectedFile($"{Path.GetFileName(path)} on disk rejected: applying it failed: {exception.Message}", fingerprint, time.GetUtcNow()).Write(store);
            return ReloadOutcome.Rejected;
        }

        Remember(fingerprint);
        RejectedFile.Clear(store);
        foreach (var setting in RestartSettings.Changed(running, onDisk))
        {
            logger.NeedsRestart(path, setting.Setting, setting.Running, setting.OnDisk);
        }

        return ReloadOutcome.Applied;
    }

    private void Reject(JobsFile running, string path, string? fingerprint, IReadOnlyList<ValidationProblem> problems)
    {
        Remember(fingerprint);
        var groups = running.Groups.Count(g => g.Enabled);
        if (fingerprint is null && !File.Exists(path))
        {
            logger.Deleted(path, groups);
        }
        else
        {
            foreach (var problem in problems)
            {
                logger.Problem(path, problem.ToString());
            }

            logger.Rejected(path, problems.Count, groups);
        }

        // One problem a line, as 'rhythm validate' prints them, so that status can show them the same way.
        var message = problems.Count == 1
            ? $"{Path.GetFileName(path)} on disk rejected: {problems[0]}"
            : $"{Path.GetFileName(path)} on disk rejected, {problems.Count} problems:\n{string.Join('\n', problems.Select(p => p.ToString()))}";
        new RejectedFile(message, fingerprint, time.GetUtcNow()).Write(store);
    }

    private async Task RestoreAsync(JobsFile running, CancellationToken cancellationToken)
    {
        try
        {
            await changes.RunAsync(() => engine.ApplyAsync(running, cancellationToken), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            // The first failure is already logged; the scheduler keeps whatever part of the reconcile got through.
            logger.ReloadFailed(exception, running.SourcePath);
        }
    }

    private void Remember(string? fingerprint)
    {
        lock (_gate)
        {
            _lastSeen = fingerprint;
            _seenAny = true;
        }
    }
}
