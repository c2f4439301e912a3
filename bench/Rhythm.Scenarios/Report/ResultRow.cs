namespace Rhythm.Scenarios.Report;

/// <summary>One line of the results table.</summary>
/// <param name="Benchmark">Storm, Overhead, Footprint, ...</param>
/// <param name="Measure">What is measured, with its unit where the cells carry none.</param>
/// <param name="Baselines">The same measure for the baselines, each named.</param>
/// <param name="Rhythm">Rhythm's figure.</param>
/// <param name="Target">The target from the issue, or empty.</param>
/// <param name="Met">yes, no, or empty when there is no target.</param>
internal sealed record ResultRow(string Benchmark, string Measure, string Baselines, string Rhythm, string Target = "", string Met = "")
{
    public static string Verdict(bool met) => met ? "yes" : "**no**";
}

/// <summary>What one scenario run produced: its rows, the conditions it ran under, and notes for the reader.</summary>
internal sealed record ScenarioResult
{
    public required string Name { get; init; }

    public required DateTimeOffset RanAt { get; init; }

    public required bool Quick { get; init; }

    public required string Machine { get; init; }

    public List<string> Conditions { get; init; } = [];

    public List<ResultRow> Rows { get; init; } = [];

    public List<string> Notes { get; init; } = [];
}
