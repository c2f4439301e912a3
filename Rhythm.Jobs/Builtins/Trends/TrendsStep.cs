using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rhythm.History;
using Rhythm.Model;
using Rhythm.Steps;

namespace Rhythm.Jobs.Builtins.Trends;

/// <summary>
/// <c>builtin:trends</c>, the performance analysis: per group run count, duration p50 and p95, failure rate, late
/// starts, waits and skips, and the load by hour of day, over a window of history. It writes the figures as a
/// dated JSON snapshot plus <c>latest.json</c>, and logs what changed since the previous snapshot.
/// </summary>
internal sealed partial class TrendsStep(IRhythmHistory history, TimeProvider time) : IRhythmStep
{
    public const string Latest = "latest.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async ValueTask<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        if (!TrendsOptions.TryParse(context.Step.With, out var options, out var problems))
        {
            return StepOutcome.Failure(BuiltinOptions.Summary(problems));
        }

        var now = time.GetUtcNow();
        var folder = new OutputFolder(OutputFolder.Resolve(context, options.Folder), SnapshotName());
        var name = FileName(now);
        if (context.DryRun)
        {
            var plan = $"analyse the last {Durations.Format(options.Window)} of history and write {Path.Combine(folder.Path, name)} and {Latest}, keeping the newest {options.Keep}";
            context.Logger.Would(plan);
            return StepOutcome.Success("would " + plan);
        }

        var snapshot = Analyse(context, options, now);
        cancellationToken.ThrowIfCancellationRequested();

        var previous = await ReadPreviousAsync(folder, context, cancellationToken).ConfigureAwait(false);
        var changes = previous is null ? null : TrendChanges.Between(previous, snapshot);
        foreach (var change in changes ?? [])
        {
            context.Logger.TrendChanged(change);
        }

        await folder.WriteAsync(name, Latest, JsonSerializer.Serialize(snapshot, Json), cancellationToken).ConfigureAwait(false);
        var pruned = folder.Prune(options.Keep);

        var groups = snapshot.Groups;
        var summary = BuiltinText.Invariant(
            $"last {Durations.Format(options.Window)}: {BuiltinText.Count(groups.Count, "group")}, {BuiltinText.Count(groups.Sum(g => g.Runs), "run")}, {groups.Sum(g => g.Failed)} failed, {groups.Sum(g => g.LateStarts)} late, {BuiltinText.Count(groups.Sum(g => g.Waits), "wait")}, {BuiltinText.Count(groups.Sum(g => g.Skips), "skip")}; snapshot {name}")
            + (pruned > 0 ? $" ({BuiltinText.Count(pruned, "old snapshot")} removed)" : "")
            + (changes switch
            {
                null => "; first snapshot",
                [] => "; no change since the previous snapshot",
                _ => "; " + string.Join("; ", changes),
            });
        context.Logger.Summary("trends: " + summary);
        return StepOutcome.Success(summary);
    }

    /// <summary>The snapshot of the window ending at <paramref name="now"/>.</summary>
    private TrendSnapshot Analyse(StepContext context, TrendsOptions options, DateTimeOffset now)
    {
        var from = now - options.Window;
        var figures = RunFigures.ByGroup(history.Runs(from), context.File.Groups.Select(g => g.Name));
        var groups = figures.Select(f => new GroupTrend(
            f.Group,
            f.Runs,
            f.Succeeded,
            f.Failed,
            Math.Round(f.FailureRate, 4),
            Milliseconds(RunFigures.Percentile(f.Durations, 50)),
            Milliseconds(RunFigures.Percentile(f.Durations, 95)),
            f.LateStarts(options.LateAfter),
            f.Waits,
            f.Skips)).ToList();

        var zone = time.LocalTimeZone;
        var byHour = history.Metrics(from).ToLookup(p => TimeZoneInfo.ConvertTime(p.At, zone).Hour);
        var load = Enumerable.Range(0, 24).Select(hour =>
        {
            var points = byHour[hour].ToList();
            return points.Count == 0
                ? new HourLoad(hour, 0, null, null)
                : new HourLoad(hour, points.Count, Math.Round(points.Average(p => p.Cpu), 1), Math.Round(points.Average(p => p.Memory), 1));
        }).ToList();

        return new TrendSnapshot
        {
            TakenAt = now,
            From = from,
            Window = Durations.Format(options.Window),
            LateAfter = Durations.Format(options.LateAfter),
            TimeZone = zone.Id,
            Groups = groups,
            LoadByHour = load,
        };
    }

    /// <summary>The dated file name: UTC, so that names sort in time order across daylight-saving changes.</summary>
    private static string FileName(DateTimeOffset at) =>
        "trends-" + at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + ".json";

    private static async Task<TrendSnapshot?> ReadPreviousAsync(OutputFolder folder, StepContext context, CancellationToken cancellationToken)
    {
        var text = await folder.TryReadAsync(Latest, cancellationToken).ConfigureAwait(false);
        if (text is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<TrendSnapshot>(text, Json);
        }
        catch (JsonException ex)
        {
            // A hand-edited or foreign latest.json must not stop the analysis; it is replaced below.
            context.Logger.PreviousSnapshotUnreadable(Path.Combine(folder.Path, Latest), ex.Message);
            return null;
        }
    }

    private static long? Milliseconds(TimeSpan? value) => value is { } span ? (long)Math.Round(span.TotalMilliseconds) : null;

    [GeneratedRegex(@"^trends-\d{8}T\d{6}Z\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex SnapshotName();
}
