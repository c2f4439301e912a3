namespace Rhythm.Tests.Reliability;

/// <summary>
/// The reliability suite runs CI-sized by default; bench/run.sh --reliability-long passes the NUnit parameter
/// <c>reliability=long</c> for the long versions, and <c>reliabilityReport=PATH</c> to collect the counts.
/// </summary>
internal static class ReliabilityScale
{
    public static bool IsLong => string.Equals(TestContext.Parameters.Get("reliability", "ci"), "long", StringComparison.Ordinal);

    public static int Pick(int ci, int longRun) => IsLong ? longRun : ci;

    public static TimeSpan Pick(TimeSpan ci, TimeSpan longRun) => IsLong ? longRun : ci;

    /// <summary>Writes one line of counts to the test log, and to the report file when one was asked for.</summary>
    public static void Report(string line)
    {
        TestContext.Out.WriteLine(line);
        var path = TestContext.Parameters.Get("reliabilityReport", string.Empty);
        if (!string.IsNullOrEmpty(path))
        {
            File.AppendAllText(path, line + Environment.NewLine);
        }
    }
}
