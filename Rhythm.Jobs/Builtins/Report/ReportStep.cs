using System.Globalization;
using System.Text.RegularExpressions;
using Rhythm.History;
using Rhythm.Model;
using Rhythm.Steps;

namespace Rhythm.Jobs.Builtins.Report;

/// <summary>
/// <c>builtin:report</c>, the daily routine: a self-contained HTML page of the last <c>window</c> (runs, failures,
/// waits and skips per group; CPU and memory, each group's interval and a run timeline as inline SVG charts),
/// written as <c>report-YYYYMMDD-HHmm.html</c> (UTC) and as <c>latest.html</c>.
/// </summary>
internal sealed partial class ReportStep(IRhythmHistory history, TimeProvider time) : IRhythmStep
{
    public const string Latest = "latest.html";

    public async ValueTask<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        if (!ReportOptions.TryParse(context.Step.With, out var options, out var problems))
        {
            return StepOutcome.Failure(BuiltinOptions.Summary(problems));
        }

        var now = time.GetUtcNow();
        var folder = new OutputFolder(OutputFolder.Resolve(context, options.Folder), ReportName());
        var name = FileName(now);
        if (context.DryRun)
        {
            var plan = $"report the last {Durations.Format(options.Window)} to {Path.Combine(folder.Path, name)} and {Latest}, keeping the newest {options.Keep}";
            context.Logger.Would(plan);
            return StepOutcome.Success("would " + plan);
        }

        var data = Gather(context, options, now);
        cancellationToken.ThrowIfCancellationRequested();
        var html = ReportHtml.Render(data, now);
        await folder.WriteAsync(name, Latest, html, cancellationToken).ConfigureAwait(false);
        var pruned = folder.Prune(options.Keep);

        var figures = data.Groups.Select(g => g.Figures).ToList();
        var message = BuiltinText.Invariant(
            $"{name}: last {Durations.Format(options.Window)}, {BuiltinText.Count(figures.Count, "group")}, {BuiltinText.Count(figures.Sum(f => f.Runs), "run")}, {figures.Sum(f => f.Failed)} failed, {BuiltinText.Count(figures.Sum(f => f.Waits), "wait")}, {BuiltinText.Count(figures.Sum(f => f.Skips), "skip")}, {BuiltinText.Count(data.Metrics.Count, "load sample")}")
            + (pruned > 0 ? $" ({BuiltinText.Count(pruned, "old report")} removed)" : "");
        context.Logger.Summary("report: " + message);
        return StepOutcome.Success(message);
    }

    private ReportData Gather(StepContext context, ReportOptions options, DateTimeOffset now)
    {
        var from = now - options.Window;
        var records = history.Runs(from);
        var schedules = context.File.Groups.ToDictionary(g => g.Name, g => g.Schedule.Describe(), StringComparer.Ordinal);
        var fires = records.ToLookup(r => r.Group, StringComparer.Ordinal);
        var groups = RunFigures.ByGroup(records, context.File.Groups.Select(g => g.Name))
            .Select(f => new ReportGroup(f, schedules.GetValueOrDefault(f.Group), [.. fires[f.Group].OrderBy(r => r.StartedAt)]))
            .ToList();

        return new ReportData
        {
            From = from,
            To = now,
            Zone = time.LocalTimeZone,
            Groups = groups,
            Metrics = history.Metrics(from),
            SampleEvery = context.File.Rhythm.SampleEvery,
            Adaptive = context.File.Adaptive,
            MemoryPressure = context.File.Rhythm.MemoryPressure,
        };
    }

    private static string FileName(DateTimeOffset at) =>
        "report-" + at.UtcDateTime.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture) + ".html";

    [GeneratedRegex(@"^report-\d{8}-\d{4}\.html$", RegexOptions.CultureInvariant)]
    private static partial Regex ReportName();
}
