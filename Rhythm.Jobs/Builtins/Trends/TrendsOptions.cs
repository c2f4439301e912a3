using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Rhythm.Jobs.Builtins.Trends;

/// <summary>What <c>builtin:trends</c> analyses and where it writes, read from the step's <c>with</c>.</summary>
internal sealed record TrendsOptions
{
    private static readonly string[] Known = ["window", "lateAfter", "folder", "keep"];

    /// <summary>How much history to analyse. The default is 24 hours.</summary>
    public TimeSpan Window { get; init; } = TrendsDefaults.Window;

    /// <summary>How late a start must be to count as late. The default is 30 seconds.</summary>
    public TimeSpan LateAfter { get; init; } = TrendsDefaults.LateAfter;

    /// <summary>The snapshot folder, relative to the jobs.json folder. The default is <c>snapshots</c>.</summary>
    public string Folder { get; init; } = TrendsDefaults.Folder;

    /// <summary>How many dated snapshots to keep. The default is 100.</summary>
    public int Keep { get; init; } = TrendsDefaults.Keep;

    public static bool TryParse(JsonElement? with, [NotNullWhen(true)] out TrendsOptions? options, out IReadOnlyList<string> problems)
    {
        var read = BuiltinOptions.Read("trends", with, Known);
        var parsed = new TrendsOptions
        {
            Window = read.Duration("window", TrendsDefaults.Window),
            LateAfter = read.Duration("lateAfter", TrendsDefaults.LateAfter),
            Folder = read.Folder("folder", TrendsDefaults.Folder),
            Keep = read.Count("keep", TrendsDefaults.Keep, 1, 100_000),
        };

        problems = read.Problems;
        options = problems.Count == 0 ? parsed : null;
        return problems.Count == 0;
    }
}
