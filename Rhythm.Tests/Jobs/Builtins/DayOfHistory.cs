using Rhythm.History;

namespace Rhythm.Tests.Jobs.Builtins;

/// <summary>The day of history the analysis and report tests share, written through the engine's recorders.</summary>
internal static class DayOfHistory
{
    /// <summary>When the day ends: the tests' "now".</summary>
    public static readonly DateTimeOffset End = new(2026, 1, 6, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A day of history ending at <see cref="End"/>: performance ran 20 times taking 1 to 20 s, five failed, three
    /// started 45 s late; health-check ran 10 times taking 100 ms; two waits and a skip; load at 02:00 and 14:00.
    /// </summary>
    public static void Seed(BuiltinsHost host)
    {
        var failing = new[] { 0, 4, 9, 14, 19 };
        var late = new[] { 2, 5, 8 };
        for (var i = 0; i < 20; i++)
        {
            host.Run("performance", End - TimeSpan.FromHours(20) + (i * TimeSpan.FromMinutes(30)),
                TimeSpan.FromSeconds(late.Contains(i) ? 45 : 5), TimeSpan.FromSeconds(i + 1),
                failing.Contains(i) ? RunOutcome.Failed : RunOutcome.Succeeded, failing.Contains(i) ? "step 'work' failed: exited with code 1" : null);
        }

        for (var i = 0; i < 10; i++)
        {
            host.Run("health-check", End - TimeSpan.FromHours(2) + (i * TimeSpan.FromMinutes(10)), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100));
        }

        host.Run("health-check", End - TimeSpan.FromHours(25), TimeSpan.Zero, TimeSpan.FromHours(1), RunOutcome.Failed, "too old to count");
        host.NotRun("performance", End - TimeSpan.FromHours(5), RunOutcome.Waiting, "waiting for 'health-check' (failed at 03:50)");
        host.NotRun("performance", End - TimeSpan.FromHours(4), RunOutcome.Waiting, "waiting for 'health-check' (failed at 04:50)");
        host.NotRun("performance", End - TimeSpan.FromHours(3), RunOutcome.Skipped, "memory 72% above 60%: high priority still runs");

        host.Sample(new DateTimeOffset(2026, 1, 6, 2, 10, 0, TimeSpan.Zero), 10, 30);
        host.Sample(new DateTimeOffset(2026, 1, 6, 2, 40, 0, TimeSpan.Zero), 20, 40);
        host.Sample(new DateTimeOffset(2026, 1, 5, 14, 5, 0, TimeSpan.Zero), 80, 50);
        host.Sample(new DateTimeOffset(2026, 1, 5, 14, 55, 0, TimeSpan.Zero), 90, 70);
        host.Sample(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero), 99, 99);
    }
}
