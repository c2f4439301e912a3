using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Rhythm.Model;

/// <summary>Explains why a duration was refused, and guesses what the user meant.</summary>
internal static partial class DurationText
{
    public const string AcceptedForms =
        "Write a number followed by a unit (ms, s, m, h or d), such as \"500ms\", \"90s\", \"10m\", \"2h\" or \"1d\", or combine them: \"1h30m\".";

    /// <summary>Whether <paramref name="text"/> is a duration written as zero (in any unit) or as a negative one.</summary>
    public static bool IsZeroOrNegative(string text)
    {
        var trimmed = text.Trim();
        return trimmed.StartsWith('-') || (trimmed.Length <= 64 && Shape().IsMatch(trimmed) && Zero().IsMatch(trimmed));
    }

    public static string Explain(string text, string example)
    {
        var quoted = MessageText.Quote(text);
        var trimmed = text.Trim();
        if (trimmed.StartsWith('-'))
        {
            return $"{quoted} is negative. A duration must be longer than zero, such as \"{example}\".";
        }

        if (trimmed.Length <= 64 && Shape().IsMatch(trimmed))
        {
            return Zero().IsMatch(trimmed)
                ? $"{quoted} is zero. A duration must be longer than zero, such as \"{example}\"."
                : $"{quoted} is longer than the limit of 10 years (3650d).";
        }

        if (trimmed.Length <= 16 && double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare))
        {
            return $"{quoted} has no unit.{SecondsHint(bare)} {AcceptedForms}";
        }

        var guess = Guess(trimmed);
        var didYouMean = guess is null ? string.Empty : $" Did you mean {MessageText.Quote(guess)}?";
        return $"{quoted} is not a duration.{didYouMean} {AcceptedForms}";
    }

    public static string ExplainNumber(JsonElement value, string example)
    {
        var raw = MessageText.Printable(value.GetRawText(), JobsFileLimits.MaxQuotedLength);
        var hint = value.TryGetDouble(out var seconds) ? SecondsHint(seconds) : string.Empty;
        return $"expected a duration in quotes with a unit, such as \"{example}\", found the number {raw}.{hint} {AcceptedForms}";
    }

    /// <summary>A bare number is most often meant as seconds: say how to write that.</summary>
    private static string SecondsHint(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 1 || seconds > 86_400 * 3650 || seconds != Math.Floor(seconds))
        {
            return string.Empty;
        }

        var asSeconds = seconds.ToString(CultureInfo.InvariantCulture) + "s";
        var formatted = Durations.Format(TimeSpan.FromSeconds(seconds));
        return formatted == asSeconds
            ? $" If you meant seconds, write \"{asSeconds}\"."
            : $" If you meant seconds, write \"{asSeconds}\" or \"{formatted}\".";
    }

    /// <summary>Turns the ways people spell durations ("10 minutes", "1 hr 30 min", "90 sec") into the jobs.json form.</summary>
    private static string? Guess(string text)
    {
        if (text.Length > 64)
        {
            return null;
        }

        var compact = Word().Replace(text.ToLowerInvariant(), match =>
        {
            var unit = match.Groups["unit"].Value switch
            {
                "ms" or "msec" or "msecs" or "millis" or "millisecond" or "milliseconds" => "ms",
                "s" or "sec" or "secs" or "second" or "seconds" => "s",
                "m" or "min" or "mins" or "minute" or "minutes" => "m",
                "h" or "hr" or "hrs" or "hour" or "hours" => "h",
                "d" or "day" or "days" => "d",
                _ => null,
            };
            return unit is null ? match.Value : match.Groups["number"].Value + unit;
        });
        compact = Filler().Replace(compact, string.Empty);
        return !string.Equals(compact, text, StringComparison.Ordinal) && Durations.TryParse(compact, out _) ? compact : null;
    }

    [GeneratedRegex(@"^(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ms|s|m|h|d))+$", RegexOptions.CultureInvariant, 100)]
    private static partial Regex Shape();

    [GeneratedRegex(@"^([0.]+(ms|s|m|h|d))+$", RegexOptions.CultureInvariant, 100)]
    private static partial Regex Zero();

    [GeneratedRegex(@"(?<number>[0-9]+(\.[0-9]+)?)\s*(?<unit>[a-z]+)", RegexOptions.CultureInvariant, 100)]
    private static partial Regex Word();

    [GeneratedRegex(@"[\s,]+|\band\b", RegexOptions.CultureInvariant, 100)]
    private static partial Regex Filler();
}
