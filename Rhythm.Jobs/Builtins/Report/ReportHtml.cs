using System.Globalization;
using System.Text;
using Rhythm.History;
using static Rhythm.Jobs.Builtins.Report.SvgChart;

namespace Rhythm.Jobs.Builtins.Report;

/// <summary>
/// Writes the report as one self-contained HTML page: styles inline, charts as inline SVG, no scripts, fonts or
/// images from anywhere, so that it opens the same from a mail attachment, a file share or a browser offline.
/// </summary>
/// <remarks>
/// Chart elements carry stable ids and classes (<c>svg#cpu-chart path.series.cpu</c>, <c>svg#memory-chart</c>,
/// <c>svg#interval-chart path.series.interval[data-group]</c>, <c>svg#timeline-chart rect.run</c>,
/// <c>table#groups</c>) so that scripts and tests can read the page without parsing pixels.
/// </remarks>
internal static class ReportHtml
{
    // A day sampled every 15 s is 5,760 points; a chart 900 px wide shows no more than about one per pixel.
    private const int MaxLoadPoints = 720;
    private const double LoadChartHeight = 200;
    private const double IntervalChartHeight = 240;
    private const double TimelineRow = 34;

    // Where the interval chart's logarithmic axis may start and end, and where it draws grid lines, in minutes: a
    // log scale shows a 10-minute group going to 15 as plainly as a 2-hour group going to 3.
    private static readonly double[] IntervalBounds = [1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1440, 2880, 10080];
    private static readonly double[] IntervalGrid = [1, 2, 5, 10, 15, 30, 60, 120, 240, 480, 1440, 2880, 10080];

    private static readonly string[] Palette = ["#2563eb", "#d97706", "#059669", "#db2777", "#7c3aed", "#0891b2", "#65a30d", "#dc2626"];

    public static string Render(ReportData data, DateTimeOffset generatedAt)
    {
        var html = new StringBuilder(64 * 1024);
        var title = $"Rhythm report {Local(data, data.From, "yyyy-MM-dd HH:mm")} to {Local(data, data.To, "yyyy-MM-dd HH:mm")}";
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"generator\" content=\"Rhythm builtin:report\">\n")
            .Append(Inv($"<title>{Text(title)}</title>\n<style>{Style}</style>\n</head>\n<body>\n"));

        html.Append("<header>\n<h1>Rhythm report</h1>\n")
            .Append(Inv($"<p class=\"window\">{Text(Local(data, data.From, "ddd d MMM yyyy HH:mm"))} &ndash; {Text(Local(data, data.To, "ddd d MMM yyyy HH:mm"))} ({Text(data.Zone.Id)}), written {Text(Local(data, generatedAt, "HH:mm:ss"))}</p>\n"))
            .Append("</header>\n");

        Totals(html, data);
        GroupsTable(html, data);

        html.Append("<section id=\"load\">\n<h2>Load</h2>\n");
        html.Append(LoadChart(data, "cpu-chart", "CPU", p => p.Cpu, "cpu",
            c => c.Threshold(data.Adaptive.IdleBelowCpu, "idle", Inv($"idle below {data.Adaptive.IdleBelowCpu:0}%"))
                  .Threshold(data.Adaptive.BusyAboveCpu, "busy", Inv($"busy above {data.Adaptive.BusyAboveCpu:0}%"))));
        html.Append(LoadChart(data, "memory-chart", "Memory", p => p.Memory, "memory",
            c => c.Threshold(data.MemoryPressure, "pressure", Inv($"pressure above {data.MemoryPressure:0}%"))));
        html.Append("</section>\n");

        html.Append("<section id=\"intervals\">\n<h2>Intervals</h2>\n<p class=\"note\">Time between one run's start and the next, per group: the adaptive rhythm stretching and shrinking the schedule.</p>\n")
            .Append(IntervalChart(data)).Append(Legend(data)).Append("</section>\n");

        html.Append("<section id=\"timeline\">\n<h2>Timeline</h2>\n<p class=\"note\">Every run as a bar from start to end; waits and skips as ticks.</p>\n")
            .Append(Timeline(data))
            .Append("<ul class=\"legend\" id=\"timeline-legend\"><li><span class=\"swatch run\"></span>run (in its group's colour)</li>")
            .Append("<li><span class=\"swatch failed\"></span>failed or timed out</li><li><span class=\"swatch waiting\"></span>waited for a dependency</li>")
            .Append("<li><span class=\"swatch skipped\"></span>skipped under pressure</li></ul>\n</section>\n");

        Failures(html, data);
        html.Append(Inv($"<footer>Written by Rhythm's builtin:report at {Text(generatedAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture))}.</footer>\n</body>\n</html>\n"));
        return html.ToString();
    }

    private static void Totals(StringBuilder html, ReportData data)
    {
        var groups = data.Groups.Select(g => g.Figures).ToList();
        var cpu = data.Metrics.Count == 0 ? "-" : Inv($"{data.Metrics.Average(p => p.Cpu):0}% / {data.Metrics.Max(p => p.Cpu):0}%");
        html.Append("<section id=\"totals\" class=\"cards\">\n")
            .Append(Card("runs", groups.Sum(g => g.Runs).ToString(CultureInfo.InvariantCulture), "runs"))
            .Append(Card("failures", groups.Sum(g => g.Failed).ToString(CultureInfo.InvariantCulture), "failed or timed out"))
            .Append(Card("waits", groups.Sum(g => g.Waits).ToString(CultureInfo.InvariantCulture), "waited for a dependency"))
            .Append(Card("skips", groups.Sum(g => g.Skips).ToString(CultureInfo.InvariantCulture), "skipped under pressure"))
            .Append(Card("cpu", cpu, "CPU mean / peak"))
            .Append("</section>\n");
    }

    private static string Card(string id, string value, string label) =>
        Inv($"<div class=\"card\" id=\"total-{id}\"><span class=\"value\">{Text(value)}</span><span class=\"label\">{Text(label)}</span></div>\n");

    private static void GroupsTable(StringBuilder html, ReportData data)
    {
        html.Append("<section id=\"groups-section\">\n<h2>Groups</h2>\n<table id=\"groups\">\n<thead><tr>")
            .Append("<th>group</th><th>schedule</th><th class=\"n\">runs</th><th class=\"n\">succeeded</th><th class=\"n\">failed</th>")
            .Append("<th class=\"n\">waits</th><th class=\"n\">skips</th><th class=\"n\">failure rate</th><th class=\"n\">p50</th><th class=\"n\">p95</th><th>last run</th>")
            .Append("</tr></thead>\n<tbody>\n");
        for (var i = 0; i < data.Groups.Count; i++)
        {
            var group = data.Groups[i];
            var f = group.Figures;
            var last = f.Finished.Count == 0 ? null : f.Finished[^1];
            var lastText = last is null ? "-" : $"{Local(data, last.StartedAt!.Value, "HH:mm")} {RunOutcomeText(last.Outcome)}";
            html.Append(Inv($"<tr data-group=\"{Attr(f.Group)}\" class=\"{(f.Failed > 0 ? "has-failures" : "")}\">"))
                .Append(Inv($"<td><span class=\"swatch\" style=\"background:{Colour(i)}\"></span>{Text(f.Group)}</td><td>{Text(group.Schedule ?? "(not in jobs.json)")}</td>"))
                .Append(Inv($"<td class=\"n runs\">{f.Runs}</td><td class=\"n succeeded\">{f.Succeeded}</td><td class=\"n failed\">{f.Failed}</td>"))
                .Append(Inv($"<td class=\"n waits\">{f.Waits}</td><td class=\"n skips\">{f.Skips}</td><td class=\"n rate\">{(f.Runs == 0 ? "-" : BuiltinText.Percent(f.FailureRate))}</td>"))
                .Append(Inv($"<td class=\"n\">{BuiltinText.Duration(RunFigures.Percentile(f.Durations, 50))}</td><td class=\"n\">{BuiltinText.Duration(RunFigures.Percentile(f.Durations, 95))}</td>"))
                .Append(Inv($"<td class=\"{(last is null ? "" : RunOutcomeText(last.Outcome))}\">{Text(lastText)}</td></tr>\n"));
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static string LoadChart(ReportData data, string id, string name, Func<MetricPoint, double> value, string cssClass, Func<SvgChart, SvgChart> thresholds)
    {
        var chart = new SvgChart(id, $"{name} % over the report window", data.From, data.To, data.Zone, LoadChartHeight, 100)
            .Grid([0, 25, 50, 75, 100], v => Inv($"{v:0}%"));
        if (data.Metrics.Count == 0)
        {
            return chart.Empty("no load samples in this window").ToString() + "\n";
        }

        // Samples are averaged into buckets of equal time; an empty bucket longer than a few sample intervals is a
        // time the host was not running, and the line breaks there.
        var bucket = Max(TimeSpan.FromTicks((data.To - data.From).Ticks / MaxLoadPoints), data.SampleEvery);
        var buckets = data.Metrics
            .GroupBy(p => (p.At - data.From).Ticks / bucket.Ticks)
            .OrderBy(g => g.Key)
            .Select(g => (Index: g.Key, At: data.From + TimeSpan.FromTicks((g.Key * bucket.Ticks) + (bucket.Ticks / 2)), Value: g.Average(value)))
            .ToList();
        var hole = Math.Max(1, (long)Math.Ceiling(data.SampleEvery.Ticks * 4.0 / bucket.Ticks));
        var points = buckets.Select(b => (chart.X(b.At), chart.Y(b.Value))).ToList();
        var last = data.Metrics[^1];
        return thresholds(chart)
            .Series(points, i => buckets[i + 1].Index - buckets[i].Index > hole, cssClass,
                Inv($" data-points=\"{points.Count}\" data-mean=\"{data.Metrics.Average(value):0.#}\" data-max=\"{data.Metrics.Max(value):0.#}\""), area: true)
            .Raw(Inv($"<text class=\"now {cssClass}\" x=\"{SvgChart.PlotRight:0.#}\" y=\"{SvgChart.PlotTop + 12:0.#}\">{Text(name)} now {value(last):0}%</text>"))
            .ToString() + "\n";
    }

    private static string IntervalChart(ReportData data)
    {
        var series = data.Groups.Select((g, i) => (Group: g, Index: i, Gaps: Gaps(g.Figures.Finished))).ToList();
        var minutes = series.SelectMany(s => s.Gaps).Select(g => Math.Max(g.Gap.TotalMinutes, IntervalBounds[0])).DefaultIfEmpty(10).ToList();
        var bottom = IntervalBounds.LastOrDefault(b => b <= minutes.Min() * 0.8, IntervalBounds[0]);
        var top = IntervalBounds.FirstOrDefault(b => b >= minutes.Max() * 1.25, IntervalBounds[^1]);
        var chart = new SvgChart("interval-chart", "minutes between run starts, per group, on a logarithmic scale", data.From, data.To, data.Zone,
                IntervalChartHeight, Math.Log10(top), Math.Log10(bottom))
            .Grid(IntervalGrid.Where(m => m >= bottom && m <= top).Select(Math.Log10), v => Minutes(Math.Round(Math.Pow(10, v), 6)));
        if (series.All(s => s.Gaps.Count == 0))
        {
            return chart.Empty("fewer than two runs per group in this window").ToString() + "\n";
        }

        foreach (var (group, index, gaps) in series.Where(s => s.Gaps.Count > 0))
        {
            var points = gaps.Select(g => (chart.X(g.At), chart.Y(Math.Log10(Math.Max(g.Gap.TotalMinutes, IntervalBounds[0]))))).ToList();
            var name = Attr(group.Figures.Group);
            chart.Series(points, _ => false, "interval",
                Inv($" data-group=\"{name}\" data-points=\"{points.Count}\" style=\"stroke:{Colour(index)}\""));
            var dots = new StringBuilder(Inv($"<g class=\"points\" data-group=\"{name}\" style=\"fill:{Colour(index)}\">"));
            foreach (var ((x, y), gap) in points.Zip(gaps))
            {
                dots.Append(Inv($"<circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"2.5\"><title>{Text(group.Figures.Group)}: {Text(Minutes(gap.Gap.TotalMinutes))} before the run at {Text(Local(data, gap.At, "HH:mm"))}</title></circle>"));
            }

            chart.Raw(dots.Append("</g>").ToString());
        }

        return chart.ToString() + "\n";
    }

    private static string Timeline(ReportData data)
    {
        var rows = Math.Max(1, data.Groups.Count);
        var height = (rows * TimelineRow) + 12 + 26 + 4;
        var chart = new SvgChart("timeline-chart", "runs per group over time", data.From, data.To, data.Zone, height, rows).TimeAxis();
        for (var i = 0; i < data.Groups.Count; i++)
        {
            var group = data.Groups[i];
            var top = SvgChart.PlotTop + (i * TimelineRow);
            var name = Attr(group.Figures.Group);
            var row = new StringBuilder(Inv($"<g class=\"row\" data-group=\"{name}\">"))
                .Append(Inv($"<rect class=\"lane\" x=\"{SvgChart.PlotLeft:0.#}\" y=\"{top + 2:0.#}\" width=\"{SvgChart.PlotRight - SvgChart.PlotLeft:0.#}\" height=\"{TimelineRow - 4:0.#}\"/>"))
                .Append(Inv($"<text class=\"lane-label\" x=\"{SvgChart.PlotLeft + 4:0.#}\" y=\"{top + 13:0.#}\">{Text(group.Figures.Group)}</text>"));
            foreach (var fire in group.Fires.Where(f => f.StartedAt is not null))
            {
                var start = fire.StartedAt!.Value;
                var x = chart.X(start);
                var outcome = RunOutcomeText(fire.Outcome);
                var when = Local(data, start, "HH:mm:ss");
                if (fire.Outcome is RunOutcome.Waiting or RunOutcome.Skipped)
                {
                    row.Append(Inv($"<rect class=\"mark {outcome}\" x=\"{x - 1:0.#}\" y=\"{top + 16:0.#}\" width=\"2\" height=\"{TimelineRow - 20:0.#}\"><title>{Text($"{group.Figures.Group} {outcome} at {when}: {fire.Reason}")}</title></rect>"));
                    continue;
                }

                var end = fire.EndedAt ?? data.To;
                var width = Math.Max(3, chart.X(end) - x);
                var took = BuiltinText.Duration(end - start);
                var reason = string.IsNullOrEmpty(fire.Reason) ? "" : ": " + fire.Reason;
                var fill = fire.Outcome == RunOutcome.Succeeded ? Inv($" style=\"fill:{Colour(i)}\"") : "";
                row.Append(Inv($"<rect class=\"run {outcome}\" x=\"{x:0.#}\" y=\"{top + 18:0.#}\" width=\"{width:0.#}\" height=\"{TimelineRow - 24:0.#}\"{fill}><title>{Text($"{group.Figures.Group} {outcome} at {when}, {took}{reason}")}</title></rect>"));
            }

            chart.Raw(row.Append("</g>").ToString());
        }

        if (data.Groups.Count == 0)
        {
            chart.Empty("no groups");
        }

        return chart.ToString() + "\n";
    }

    private static string Legend(ReportData data)
    {
        var legend = new StringBuilder("<ul class=\"legend\">");
        for (var i = 0; i < data.Groups.Count; i++)
        {
            var group = data.Groups[i];
            legend.Append(Inv($"<li><span class=\"swatch\" style=\"background:{Colour(i)}\"></span>{Text(group.Figures.Group)}"))
                .Append(group.Schedule is null ? "" : Inv($" <span class=\"schedule\">{Text(group.Schedule)}</span>"))
                .Append("</li>");
        }

        return legend.Append("</ul>\n").ToString();
    }

    private static void Failures(StringBuilder html, ReportData data)
    {
        var failures = data.Groups.SelectMany(g => g.Figures.Finished)
            .Where(r => r.Outcome is RunOutcome.Failed or RunOutcome.TimedOut)
            .OrderByDescending(r => r.StartedAt)
            .Take(ReportDefaults.Failures)
            .ToList();
        html.Append("<section id=\"failures-section\">\n<h2>Failures</h2>\n");
        if (failures.Count == 0)
        {
            html.Append("<p class=\"note\" id=\"no-failures\">No run failed in this window.</p>\n</section>\n");
            return;
        }

        html.Append(Inv($"<p class=\"note\">The latest {failures.Count}, newest first.</p>\n"))
            .Append("<table id=\"failures\">\n<thead><tr><th>started</th><th>group</th><th>outcome</th><th>reason</th></tr></thead>\n<tbody>\n");
        foreach (var run in failures)
        {
            html.Append(Inv($"<tr><td>{Text(Local(data, run.StartedAt!.Value, "ddd HH:mm:ss"))}</td><td>{Text(run.Group)}</td>"))
                .Append(Inv($"<td class=\"{RunOutcomeText(run.Outcome)}\">{RunOutcomeText(run.Outcome)}</td><td class=\"reason\">{Text(run.Reason ?? "")}</td></tr>\n"));
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    /// <summary>The gap before each run after the first, placed at that run's start.</summary>
    private static List<(DateTimeOffset At, TimeSpan Gap)> Gaps(IReadOnlyList<RunRecord> runs)
    {
        var gaps = new List<(DateTimeOffset, TimeSpan)>();
        for (var i = 1; i < runs.Count; i++)
        {
            gaps.Add((runs[i].StartedAt!.Value, runs[i].StartedAt!.Value - runs[i - 1].StartedAt!.Value));
        }

        return gaps;
    }

    private static string Minutes(double minutes) => minutes switch
    {
        >= 1440 => Inv($"{minutes / 1440:0.#}d"),
        >= 120 => Inv($"{minutes / 60:0.#}h"),
        _ => Inv($"{minutes:0.#}m"),
    };

    private static string Local(ReportData data, DateTimeOffset at, string format) =>
        TimeZoneInfo.ConvertTime(at, data.Zone).ToString(format, CultureInfo.InvariantCulture);

    private static string Colour(int index) => Palette[index % Palette.Length];

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string RunOutcomeText(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Running => "running",
        RunOutcome.Succeeded => "succeeded",
        RunOutcome.Failed => "failed",
        RunOutcome.TimedOut => "timed-out",
        RunOutcome.Cancelled => "cancelled",
        RunOutcome.Interrupted => "interrupted",
        RunOutcome.Waiting => "waiting",
        _ => "skipped",
    };

    private const string Style = """

        :root { color-scheme: light; --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --bad: #dc2626; --warn: #d97706; }
        * { box-sizing: border-box; }
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); margin: 0 auto; padding: 24px 32px 48px; max-width: 1040px; background: #fff; }
        h1 { font-size: 24px; margin: 0 0 4px; }
        h2 { font-size: 17px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
        .window, .note, footer { color: var(--muted); margin: 4px 0 12px; }
        .cards { display: flex; gap: 12px; flex-wrap: wrap; margin-top: 16px; }
        .card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 150px; }
        .card .value { display: block; font-size: 22px; font-weight: 600; }
        .card .label { color: var(--muted); font-size: 12px; }
        #total-failures .value { color: var(--bad); }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-weight: 600; font-size: 12px; color: var(--muted); }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
        tr.has-failures td.failed, #failures td.failed, #failures td.timed-out { color: var(--bad); font-weight: 600; }
        td.reason { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; word-break: break-word; }
        .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
        svg.chart { display: block; max-width: 100%; height: auto; margin: 8px 0 16px; font-size: 11px; }
        svg .grid line, svg .time-axis line { stroke: var(--line); stroke-width: 1; }
        svg .y-label { fill: var(--muted); text-anchor: end; }
        svg .x-label { fill: var(--muted); text-anchor: middle; }
        svg .series { fill: none; stroke-width: 1.6; stroke-linejoin: round; stroke-linecap: round; }
        svg .series.cpu { stroke: #2563eb; }
        svg .area.cpu { fill: #2563eb; opacity: .12; }
        svg .series.memory { stroke: #7c3aed; }
        svg .area.memory { fill: #7c3aed; opacity: .12; }
        svg .series.interval { stroke-width: 1.8; }
        svg .threshold line { stroke-dasharray: 4 4; stroke-width: 1; }
        svg .threshold text { text-anchor: end; font-size: 10px; }
        svg .threshold.idle line { stroke: #059669; } svg .threshold.idle text { fill: #059669; }
        svg .threshold.busy line, svg .threshold.pressure line { stroke: var(--bad); } svg .threshold.busy text, svg .threshold.pressure text { fill: var(--bad); }
        svg .now { text-anchor: end; font-weight: 600; }
        svg .now.cpu { fill: #2563eb; } svg .now.memory { fill: #7c3aed; }
        svg .empty { fill: var(--muted); text-anchor: middle; font-size: 13px; }
        svg .lane { fill: #f9fafb; }
        svg .lane-label { fill: var(--muted); font-size: 11px; }
        svg .run { fill: #9ca3af; }
        svg .run.failed, svg .run.timed-out { fill: var(--bad); }
        svg .run.cancelled, svg .run.interrupted { fill: #9ca3af; }
        svg .mark.waiting { fill: var(--warn); }
        svg .mark.skipped { fill: #111827; }
        .legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 16px; margin: 0; }
        .legend .schedule { color: var(--muted); }
        .swatch.run { background: #2563eb; } .swatch.failed { background: var(--bad); } .swatch.waiting { background: var(--warn); width: 3px; } .swatch.skipped { background: #111827; width: 3px; }
        footer { margin-top: 40px; font-size: 12px; }

        """;
}
