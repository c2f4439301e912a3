using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Rhythm.Jobs.Builtins.Report;

/// <summary>What <c>builtin:report</c> covers and where it writes, read from the step's <c>with</c>.</summary>
internal sealed record ReportOptions
{
    private static readonly string[] Known = ["window", "folder", "keep"];

    /// <summary>How much history the report covers. The default is 24 hours.</summary>
    public TimeSpan Window { get; init; } = ReportDefaults.Window;

    /// <summary>The report folder, relative to the jobs.json folder. The default is <c>reports</c>.</summary>
    public string Folder { get; init; } = ReportDefaults.Folder;

    /// <summary>How many dated reports to keep. The default is 30.</summary>
    public int Keep { get; init; } = ReportDefaults.Keep;

    public static bool TryParse(JsonElement? with, [NotNullWhen(true)] out ReportOptions? options, out IReadOnlyList<string> problems)
    {
        var read = BuiltinOptions.Read("report", with, Known);
        var parsed = new ReportOptions
        {
            Window = read.Duration("window", ReportDefaults.Window),
            Folder = read.Folder("folder", ReportDefaults.Folder),
            Keep = read.Count("keep", ReportDefaults.Keep, 1, 100_000),
        };

        problems = read.Problems;
        options = problems.Count == 0 ? parsed : null;
        return problems.Count == 0;
    }
}
