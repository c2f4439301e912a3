using System.Globalization;
using System.Text;

namespace Rhythm.Scenarios.Report;

/// <summary>Composes the one results table (and the conditions each scenario ran under) from the saved results.</summary>
internal static class MarkdownTable
{
    public static string Compose(IReadOnlyList<ScenarioResult> results)
    {
        var text = new StringBuilder();
        if (results.Count == 0)
        {
            return "No results yet: run bench/run.sh.\n";
        }

        var latest = results.Max(r => r.RanAt);
        var modes = results.Select(r => r.Quick ? "quick" : "full").Distinct().ToList();
        text.Append(CultureInfo.InvariantCulture, $"Measured {latest:yyyy-MM-dd HH:mm} UTC on {results[0].Machine}; {string.Join("/", modes)} run.\n\n");
        text.Append("| Benchmark | Measure | Baselines | Rhythm | Target | Met |\n");
        text.Append("|---|---|---|---|---|---|\n");
        foreach (var row in results.SelectMany(r => r.Rows))
        {
            text.Append(CultureInfo.InvariantCulture,
                $"| {Cell(row.Benchmark)} | {Cell(row.Measure)} | {Cell(row.Baselines)} | {Cell(row.Rhythm)} | {Cell(row.Target)} | {Cell(row.Met)} |\n");
        }

        text.Append('\n');
        foreach (var result in results)
        {
            foreach (var line in result.Conditions.Concat(result.Notes))
            {
                text.Append(CultureInfo.InvariantCulture, $"- {result.Name}: {line}\n");
            }
        }

        return text.ToString();
    }

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');
}
