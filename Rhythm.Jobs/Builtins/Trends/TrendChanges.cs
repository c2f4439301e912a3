namespace Rhythm.Jobs.Builtins.Trends;

/// <summary>What moved between two snapshots, one line per group that changed.</summary>
internal static class TrendChanges
{
    public static IReadOnlyList<string> Between(TrendSnapshot previous, TrendSnapshot current)
    {
        var before = previous.Groups.ToDictionary(g => g.Name, StringComparer.Ordinal);
        var lines = new List<string>();
        foreach (var group in current.Groups)
        {
            if (!before.Remove(group.Name, out var old))
            {
                if (group.Runs > 0)
                {
                    lines.Add($"{group.Name}: new, {BuiltinText.Count(group.Runs, "run")}");
                }

                continue;
            }

            var changes = new List<string>();
            if (old.DurationP95Ms is > 0 and var oldP95 && group.DurationP95Ms is { } newP95
                && Math.Abs(newP95 - oldP95) >= oldP95 * TrendsDefaults.NoticeableChange)
            {
                changes.Add($"p95 {Ms(oldP95)} -> {Ms(newP95)} ({BuiltinText.Change(oldP95, newP95)})");
            }

            if (BuiltinText.Percent(old.FailureRate) != BuiltinText.Percent(group.FailureRate))
            {
                changes.Add($"failure rate {BuiltinText.Percent(old.FailureRate)} -> {BuiltinText.Percent(group.FailureRate)}");
            }

            if (old.LateStarts != group.LateStarts)
            {
                changes.Add(BuiltinText.Invariant($"late starts {old.LateStarts} -> {group.LateStarts}"));
            }

            if (changes.Count > 0)
            {
                lines.Add($"{group.Name}: {string.Join(", ", changes)}");
            }
        }

        lines.AddRange(before.Keys.Select(name => $"{name}: gone (no longer in jobs.json or history)"));
        return lines;
    }

    private static string Ms(long milliseconds) => BuiltinText.Duration(TimeSpan.FromMilliseconds(milliseconds));
}
