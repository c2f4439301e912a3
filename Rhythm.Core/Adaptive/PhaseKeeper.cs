namespace Rhythm.Adaptive;

/// <summary>Places the next fire when a group's interval changes, keeping its phase.</summary>
/// <remarks>
/// A re-timed group keeps counting from its last run: stretching 10 m to 15 m five minutes after a run
/// fires ten minutes later, not fifteen. A new interval that is already over fires once, now, never as a
/// burst of catch-up runs. A group that has never fired keeps its pending fire time when that comes sooner,
/// so shrinking never delays a first run and stretching never pushes it past now + the new interval.
/// </remarks>
internal static class PhaseKeeper
{
    /// <param name="lastFire">When the group last fired, or <see langword="null"/> if it never has.</param>
    /// <param name="currentNext">The fire time the trigger holds now.</param>
    /// <param name="newInterval">The interval the group runs at from now on.</param>
    /// <param name="now">The current time.</param>
    public static DateTimeOffset NextFire(DateTimeOffset? lastFire, DateTimeOffset currentNext, TimeSpan newInterval, DateTimeOffset now)
    {
        if (lastFire is { } last)
        {
            var next = last + newInterval;
            return next > now ? next : now;
        }

        var fresh = now + newInterval;
        var pending = currentNext > now ? currentNext : now;
        return pending < fresh ? pending : fresh;
    }
}
