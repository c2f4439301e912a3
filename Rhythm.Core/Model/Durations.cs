using System.Globalization;
using System.Text;

namespace Rhythm.Model;

/// <summary>Reads and writes the durations jobs.json uses: <c>500ms</c>, <c>90s</c>, <c>10m</c>, <c>2h</c>, <c>1d</c>, <c>1h30m</c>.</summary>
public static class Durations
{
    /// <summary>Parses a duration; returns false for anything that is not one or more number-unit pairs.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64)
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        var total = 0.0;
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && (char.IsAsciiDigit(span[digits]) || span[digits] == '.'))
            {
                digits++;
            }

            if (digits == 0 || !double.TryParse(span[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            span = span[digits..];
            var unitLength = 0;
            while (unitLength < span.Length && char.IsAsciiLetterLower(span[unitLength]))
            {
                unitLength++;
            }

            double? milliseconds = span[..unitLength] switch
            {
                "ms" => number,
                "s" => number * 1_000,
                "m" => number * 60_000,
                "h" => number * 3_600_000,
                "d" => number * 86_400_000,
                _ => null,
            };
            if (milliseconds is null)
            {
                return false;
            }

            total += milliseconds.Value;
            span = span[unitLength..];
        }

        // Beyond ten years a duration is a typo, and TimeSpan arithmetic near its limits overflows.
        if (total <= 0 || total > TimeSpan.FromDays(3650).TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(Math.Round(total));
        return true;
    }

    /// <summary>Writes a duration the way a person would type it in jobs.json (<c>1h30m</c>, <c>8m</c>, <c>1.5s</c>).</summary>
    public static string Format(TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            return "0s";
        }

        var builder = new StringBuilder();
        if (value.Days > 0)
        {
            builder.Append(value.Days).Append('d');
        }

        if (value.Hours > 0)
        {
            builder.Append(value.Hours).Append('h');
        }

        if (value.Minutes > 0)
        {
            builder.Append(value.Minutes).Append('m');
        }

        if (value.Seconds > 0 || value.Milliseconds > 0)
        {
            if (value.Milliseconds == 0)
            {
                builder.Append(value.Seconds).Append('s');
            }
            else if (value.Seconds == 0 && builder.Length == 0)
            {
                builder.Append(value.Milliseconds).Append("ms");
            }
            else
            {
                builder.Append((value.Seconds + (value.Milliseconds / 1000.0)).ToString("0.###", CultureInfo.InvariantCulture)).Append('s');
            }
        }

        return builder.ToString();
    }
}
