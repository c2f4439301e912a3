namespace Rhythm.Model;

/// <summary>Finds what the user probably meant, for "Did you mean ...?" hints.</summary>
internal static class Spelling
{
    private const int MaxDistance = 2;

    /// <summary>The closest candidate within two edits (case is ignored), or <see langword="null"/>.</summary>
    public static string? Closest(string typed, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var seen = 0;
        foreach (var candidate in candidates)
        {
            if (++seen > JobsFileLimits.MaxSuggestionCandidates)
            {
                return null;
            }

            if (string.Equals(candidate, typed, StringComparison.Ordinal))
            {
                continue;
            }

            var distance = Distance(typed, candidate, MaxDistance);
            // A one-letter typo "matching" a two-letter key by replacing everything is noise, not a hint.
            if (distance <= MaxDistance && distance < typed.Length && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>"Did you mean 'every'? " or empty.</summary>
    public static string DidYouMean(string typed, IEnumerable<string> candidates, string prefix = "")
    {
        var closest = Closest(typed, candidates);
        return closest is null ? string.Empty : $" Did you mean {MessageText.Quote(prefix + closest)}?";
    }

    /// <summary>
    /// Edit distance counting a swap of two neighbours as one edit (<c>evrey</c> is one from <c>every</c>),
    /// ignoring case; returns <paramref name="limit"/> + 1 as soon as the answer is known to exceed it.
    /// </summary>
    public static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }

        var x = a.ToUpperInvariant();
        var y = b.ToUpperInvariant();
        var previousPrevious = new int[y.Length + 1];
        var previous = new int[y.Length + 1];
        var current = new int[y.Length + 1];
        for (var j = 0; j <= y.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= x.Length; i++)
        {
            current[0] = i;
            var rowMinimum = current[0];
            for (var j = 1; j <= y.Length; j++)
            {
                var cost = x[i - 1] == y[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1])
                {
                    value = Math.Min(value, previousPrevious[j - 2] + 1);
                }

                current[j] = value;
                rowMinimum = Math.Min(rowMinimum, value);
            }

            if (rowMinimum > limit)
            {
                return limit + 1;
            }

            (previousPrevious, previous, current) = (previous, current, previousPrevious);
        }

        return Math.Min(previous[y.Length], limit + 1);
    }
}
