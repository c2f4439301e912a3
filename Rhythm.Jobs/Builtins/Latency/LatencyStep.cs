using Microsoft.Extensions.Logging;
using Rhythm.History;
using Rhythm.Model;
using Rhythm.Steps;

namespace Rhythm.Jobs.Builtins.Latency;

/// <summary>
/// <c>builtin:latency</c>, the event analysis: per group, start latency (started minus due) and run duration over
/// the recent period against the baseline before it; a group whose p95 latency or p95 duration grew by more than
/// <c>slowerBy</c> is flagged. Flagging fails the step only with <c>failOnSlower</c>.
/// </summary>
internal sealed class LatencyStep(IRhythmHistory history, TimeProvider time) : IRhythmStep
{
    public ValueTask<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        if (!LatencyOptions.TryParse(context.Step.With, out var options, out var problems))
        {
            return ValueTask.FromResult(StepOutcome.Failure(BuiltinOptions.Summary(problems)));
        }

        var periods = $"the last {Durations.Format(options.Recent)} with the {Durations.Format(options.Baseline)} before";
        if (context.DryRun)
        {
            var plan = $"compare {periods} and flag groups more than {Percent(options.SlowerBy)} slower";
            context.Logger.Would(plan);
            return ValueTask.FromResult(StepOutcome.Success("would " + plan));
        }

        var now = time.GetUtcNow();
        var recentFrom = now - options.Recent;
        var records = history.Runs(recentFrom - options.Baseline);
        var known = context.File.Groups.Select(g => g.Name).ToList();
        var recent = RunFigures.ByGroup(records.Where(r => r.StartedAt >= recentFrom), known);
        var baseline = RunFigures.ByGroup(records.Where(r => r.StartedAt < recentFrom), known).ToDictionary(f => f.Group, StringComparer.Ordinal);

        var findings = new List<string>();
        var compared = 0;
        var tooFew = 0;
        foreach (var group in recent)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var before = baseline.GetValueOrDefault(group.Group) ?? RunFigures.Of(group.Group, []);
            var latency = RunFigures.Percentile(group.Latencies, 95);
            var duration = RunFigures.Percentile(group.Durations, 95);
            var baseLatency = RunFigures.Percentile(before.Latencies, 95);
            var baseDuration = RunFigures.Percentile(before.Durations, 95);
            if (group.Runs + before.Runs > 0 && context.Logger.IsEnabled(LogLevel.Information))
            {
                context.Logger.GroupLatency(BuiltinText.Invariant(
                    $"{group.Group}: start latency p50 {BuiltinText.Duration(RunFigures.Percentile(group.Latencies, 50))} p95 {BuiltinText.Duration(latency)}, duration p95 {BuiltinText.Duration(duration)} over {BuiltinText.Count(group.Runs, "run")}; baseline {BuiltinText.Duration(baseLatency)} and {BuiltinText.Duration(baseDuration)} over {BuiltinText.Count(before.Runs, "run")}"));
            }

            if (group.Runs < LatencyDefaults.MinimumRuns || before.Runs < LatencyDefaults.MinimumRuns)
            {
                tooFew++;
                continue;
            }

            compared++;
            var slower = new List<string>();
            Judge("start latency", baseLatency!.Value, latency!.Value, options, slower);
            Judge("duration", baseDuration!.Value, duration!.Value, options, slower);
            if (slower.Count > 0)
            {
                var finding = $"{group.Group}: {string.Join(", ", slower)}";
                context.Logger.Slower(finding);
                findings.Add(finding);
            }
        }

        var counts = BuiltinText.Invariant($"{compared} compared")
            + (tooFew > 0 ? BuiltinText.Invariant($", {tooFew} with fewer than {LatencyDefaults.MinimumRuns} runs in a period") : "");
        var message = findings.Count == 0
            ? $"no group slower than its baseline ({counts}; {periods})"
            : $"{BuiltinText.Count(findings.Count, "group")} more than {Percent(options.SlowerBy)} slower: {string.Join("; ", findings)} ({counts}; {periods})";
        context.Logger.Summary("latency: " + message);
        return ValueTask.FromResult(findings.Count > 0 && options.FailOnSlower ? StepOutcome.Failure(message) : StepOutcome.Success(message));
    }

    private static void Judge(string what, TimeSpan before, TimeSpan after, LatencyOptions options, List<string> slower)
    {
        var growth = after - before;
        if (growth < LatencyDefaults.Noise)
        {
            return;
        }

        if (before == TimeSpan.Zero || growth.TotalMilliseconds / before.TotalMilliseconds * 100 > options.SlowerBy)
        {
            slower.Add($"p95 {what} {BuiltinText.Duration(before)} -> {BuiltinText.Duration(after)} ({BuiltinText.Change(before.TotalMilliseconds, after.TotalMilliseconds)})");
        }
    }

    private static string Percent(double value) => BuiltinText.Invariant($"{value:0.##}%");
}
