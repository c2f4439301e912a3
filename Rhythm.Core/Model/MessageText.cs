using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Rhythm.Model;

/// <summary>Turns what the user wrote into text that is safe to print and short enough to read.</summary>
internal static class MessageText
{
    /// <summary>
    /// Quotes a value the user wrote: control, format and separator characters are escaped so that a
    /// hostile name cannot rewrite the terminal or hide text (bidi overrides), and long values are cut.
    /// </summary>
    public static string Quote(string value) => "'" + Printable(value, JobsFileLimits.MaxQuotedLength) + "'";

    /// <summary>Like <see cref="Quote"/> but in the double quotes JSON uses, for "write this instead" hints.</summary>
    public static string JsonQuote(string value) => "\"" + Printable(value, JobsFileLimits.MaxQuotedLength) + "\"";

    public static string Printable(string value, int maxLength = int.MaxValue)
    {
        var builder = new StringBuilder(Math.Min(value.Length, maxLength) + 8);
        for (var i = 0; i < value.Length; i++)
        {
            if (builder.Length >= maxLength)
            {
                builder.Append("...");
                break;
            }

            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[i + 1]);
                i++;
                continue;
            }

            if (NeedsEscape(c))
            {
                builder.Append(Escape(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Names one character for a message: <c>a space</c>, <c>the control character U+0007</c>, <c>'é' (U+00E9)</c>.</summary>
    public static string DescribeChar(string text, int index)
    {
        var c = text[index];
        if (c == ' ')
        {
            return "a space";
        }

        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            var codePoint = char.ConvertToUtf32(c, text[index + 1]);
            return $"'{c}{text[index + 1]}' (U+{codePoint:X4})";
        }

        if (char.IsControl(c))
        {
            return $"the control character {Escape(c)} (U+{(int)c:X4})";
        }

        return NeedsEscape(c) ? $"the invisible character U+{(int)c:X4}" : $"'{c}' (U+{(int)c:X4})";
    }

    /// <summary>Says what kind of JSON value was found, quoting a little of it: <c>a string ("4")</c>, <c>the number 4</c>.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"a string ({JsonQuote(value.GetString() ?? string.Empty)})",
        JsonValueKind.Number => "the number " + Printable(value.GetRawText(), JobsFileLimits.MaxQuotedLength),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "nothing",
    };

    /// <summary>Writes a number the way JSON would, without the culture's separators.</summary>
    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Lists names for a message, cut after <see cref="JobsFileLimits.MaxListedNames"/>.</summary>
    public static string List(IEnumerable<string> names)
    {
        var all = names.ToList();
        if (all.Count == 0)
        {
            return "(none)";
        }

        var shown = string.Join(", ", all.Take(JobsFileLimits.MaxListedNames).Select(n => Printable(n, JobsFileLimits.MaxQuotedLength)));
        var more = all.Count - JobsFileLimits.MaxListedNames;
        return more > 0 ? $"{shown} and {more} more" : shown;
    }

    /// <summary>"'a'", "'a' and 'b'", "'a', 'b' and 'c'".</summary>
    public static string JoinQuoted(IReadOnlyList<string> names)
    {
        var quoted = names.Select(Quote).ToList();
        return quoted.Count switch
        {
            0 => string.Empty,
            1 => quoted[0],
            _ => string.Join(", ", quoted.Take(quoted.Count - 1)) + " and " + quoted[^1],
        };
    }

    private static bool NeedsEscape(char c)
    {
        if (c == ' ')
        {
            return false;
        }

        return char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator
            or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
    }

    private static string Escape(char c) => c switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        _ => $"\\u{(int)c:X4}",
    };
}
