using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Rhythm.Jobs.Builtins.Cleanup;

/// <summary>What <c>builtin:cleanup</c> does besides pruning and stopping outlived processes, read from <c>with</c>.</summary>
internal sealed record CleanupOptions
{
    private static readonly string[] Known = ["killPattern", "olderThan", "compact"];

    /// <summary>Kill processes whose command line matches this; <see langword="null"/> (the default) kills none.</summary>
    public Regex? KillPattern { get; init; }

    /// <summary>How long a matching process must have run to be killed. The default is 1 hour.</summary>
    public TimeSpan OlderThan { get; init; } = CleanupDefaults.OlderThan;

    /// <summary>Whether to compact the store. The default is true.</summary>
    public bool Compact { get; init; } = CleanupDefaults.Compact;

    public static bool TryParse(JsonElement? with, [NotNullWhen(true)] out CleanupOptions? options, out IReadOnlyList<string> problems)
    {
        var read = BuiltinOptions.Read("cleanup", with, Known);
        var parsed = new CleanupOptions
        {
            KillPattern = read.Pattern("killPattern"),
            OlderThan = read.Duration("olderThan", CleanupDefaults.OlderThan),
            Compact = read.Flag("compact", CleanupDefaults.Compact),
        };

        if (read.Has("olderThan") && !read.Has("killPattern"))
        {
            read.Fail("option 'olderThan' only applies with 'killPattern', which is not set");
        }

        problems = read.Problems;
        options = problems.Count == 0 ? parsed : null;
        return problems.Count == 0;
    }
}
