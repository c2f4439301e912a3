using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Rhythm.Jobs.Builtins.Latency;

/// <summary>What <c>builtin:latency</c> compares and when it fails, read from the step's <c>with</c>.</summary>
internal sealed record LatencyOptions
{
    private static readonly string[] Known = ["recent", "baseline", "slowerBy", "failOnSlower"];

    /// <summary>The recent period. The default is 6 hours.</summary>
    public TimeSpan Recent { get; init; } = LatencyDefaults.Recent;

    /// <summary>The period before <see cref="Recent"/> that is the baseline. The default is 7 days.</summary>
    public TimeSpan Baseline { get; init; } = LatencyDefaults.Baseline;

    /// <summary>Growth of a p95, in percent, that flags a group. The default is 50.</summary>
    public double SlowerBy { get; init; } = LatencyDefaults.SlowerBy;

    /// <summary>Whether a flagged group fails the step. The default is false.</summary>
    public bool FailOnSlower { get; init; } = LatencyDefaults.FailOnSlower;

    public static bool TryParse(JsonElement? with, [NotNullWhen(true)] out LatencyOptions? options, out IReadOnlyList<string> problems)
    {
        var read = BuiltinOptions.Read("latency", with, Known);
        var parsed = new LatencyOptions
        {
            Recent = read.Duration("recent", LatencyDefaults.Recent),
            Baseline = read.Duration("baseline", LatencyDefaults.Baseline),
            SlowerBy = read.Number("slowerBy", LatencyDefaults.SlowerBy, 1, 10_000, "a percentage from 1 to 10000"),
            FailOnSlower = read.Flag("failOnSlower", LatencyDefaults.FailOnSlower),
        };

        problems = read.Problems;
        options = problems.Count == 0 ? parsed : null;
        return problems.Count == 0;
    }
}
