namespace Rhythm.Jobs.Builtins.Report;

/// <summary>What <c>builtin:report</c> uses when <c>with</c> does not say.</summary>
internal static class ReportDefaults
{
    /// <summary>How much history one report covers: the daily routine's day.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>Where reports go, relative to the jobs.json folder.</summary>
    public const string Folder = "reports";

    /// <summary>How many dated reports are kept: a month of daily ones.</summary>
    public const int Keep = 30;

    /// <summary>How many of the latest failures the report lists with their reasons.</summary>
    public const int Failures = 20;
}
