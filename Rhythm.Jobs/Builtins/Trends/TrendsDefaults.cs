namespace Rhythm.Jobs.Builtins.Trends;

/// <summary>What <c>builtin:trends</c> uses when <c>with</c> does not say.</summary>
internal static class TrendsDefaults
{
    /// <summary>How much history one snapshot looks at.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>A run that starts later than this after it was due is a late start.</summary>
    public static readonly TimeSpan LateAfter = TimeSpan.FromSeconds(30);

    /// <summary>Where snapshots go, relative to the jobs.json folder.</summary>
    public const string Folder = "snapshots";

    /// <summary>How many dated snapshots are kept: at every 30 minutes, two days of them.</summary>
    public const int Keep = 100;

    /// <summary>A p95 duration that moved by less than this fraction is not worth a line in the log.</summary>
    public const double NoticeableChange = 0.2;
}
