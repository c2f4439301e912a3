using System.Text;
using Rhythm.History;
using Rhythm.Jobs.Orphans;
using Rhythm.Jobs.Processes;
using Rhythm.Model;
using Rhythm.Steps;

namespace Rhythm.Jobs.Builtins.Cleanup;

/// <summary>
/// <c>builtin:cleanup</c>, the maintenance: prunes history past <c>rhythm.keepHistory</c> and metrics past
/// <c>rhythm.keepMetrics</c>, stops processes Rhythm started that outlived their step, optionally kills processes
/// matching <c>killPattern</c> that ran longer than <c>olderThan</c>, and compacts the store.
/// </summary>
/// <remarks>
/// Outlived processes are found the way the start-up sweep finds a crashed host's: through the process ledger,
/// skipping every step that is still running, so a step's processes are never touched while it runs.
/// </remarks>
internal sealed class CleanupStep(IRhythmHistory history, OrphanSweeper sweeper, ProcessTracker tracker, TimeProvider time) : IRhythmStep
{
    public async ValueTask<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        if (!CleanupOptions.TryParse(context.Step.With, out var options, out var problems))
        {
            return StepOutcome.Failure(BuiltinOptions.Summary(problems));
        }

        var settings = context.File.Rhythm;
        var now = time.GetUtcNow();
        var runCutoff = now - settings.KeepHistory;
        var metricCutoff = now - settings.KeepMetrics;
        var pattern = options.KillPattern is null ? null : $"'{options.KillPattern}' older than {Durations.Format(options.OlderThan)}";
        if (context.DryRun)
        {
            return DryRun(context, options, pattern);
        }

        var summary = new StringBuilder();
        var runs = history.PruneRuns(runCutoff);
        var samples = history.PruneMetrics(metricCutoff);
        summary.Append($"pruned {BuiltinText.Count(runs, "run")} older than {Durations.Format(settings.KeepHistory)} and ")
            .Append($"{BuiltinText.Count(samples, "sample")} older than {Durations.Format(settings.KeepMetrics)}");
        cancellationToken.ThrowIfCancellationRequested();

        var outlived = await sweeper.SweepAsync(OrphanSweeper.DefaultGrace).WaitAsync(cancellationToken).ConfigureAwait(false);
        summary.Append($"; stopped {BuiltinText.Count(outlived.Count, "process")} that outlived their step")
            .Append(outlived.Count > 0 ? $" ({Pids(outlived.Select(o => o.ProcessId))})" : "");

        var failure = false;
        if (options.KillPattern is not null)
        {
            if (ProcessMatcher.IsSupported)
            {
                var matching = ProcessMatcher.Find(options.KillPattern, options.OlderThan, tracker);
                var left = await ProcessMatcher.KillAsync(matching, settings.GracePeriod, time, context.Logger).WaitAsync(cancellationToken).ConfigureAwait(false);
                var killed = matching.Select(m => m.ProcessId).Except(left).ToList();
                summary.Append($"; killed {BuiltinText.Count(killed.Count, "process")} matching {pattern}")
                    .Append(killed.Count > 0 ? $" ({Pids(killed)})" : "");
                if (left.Count > 0)
                {
                    failure = true;
                    summary.Append($"; could not kill {Pids(left)}");
                }
            }
            else
            {
                summary.Append("; killPattern skipped: other processes' command lines can be read on Linux and Windows only");
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (options.Compact)
        {
            history.Compact();
            summary.Append("; compacted the store");
        }

        var message = summary.ToString();
        context.Logger.Summary("cleanup: " + message);
        return failure ? StepOutcome.Failure(message) : StepOutcome.Success(message);
    }

    private StepOutcome DryRun(StepContext context, CleanupOptions options, string? pattern)
    {
        var settings = context.File.Rhythm;
        var plan = new StringBuilder()
            .Append($"prune runs older than {Durations.Format(settings.KeepHistory)} and samples older than {Durations.Format(settings.KeepMetrics)}")
            .Append("; stop processes that outlived their step");
        if (pattern is not null)
        {
            if (ProcessMatcher.IsSupported)
            {
                var matching = ProcessMatcher.Find(options.KillPattern!, options.OlderThan, tracker);
                plan.Append($"; kill {BuiltinText.Count(matching.Count, "process")} matching {pattern}")
                    .Append(matching.Count > 0 ? $" ({Pids(matching.Select(m => m.ProcessId))})" : "");
            }
            else
            {
                plan.Append("; skip killPattern (Linux and Windows only)");
            }
        }

        if (options.Compact)
        {
            plan.Append("; compact the store");
        }

        var text = plan.ToString();
        context.Logger.Would(text);
        return StepOutcome.Success("would " + text);
    }

    private static string Pids(IEnumerable<int> ids) => "pid " + string.Join(", ", ids.Order());
}
