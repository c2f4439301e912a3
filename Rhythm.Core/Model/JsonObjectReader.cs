using System.Diagnostics;
using System.Text.Json;

namespace Rhythm.Model;

/// <summary>
/// Reads the fields of one JSON object in jobs.json. Unknown and repeated keys are reported as soon as it is
/// made; every read reports a wrong type or a value out of range and returns <see langword="null"/> for it,
/// so the caller can go on and find the next problem.
/// </summary>
internal sealed class JsonObjectReader
{
    private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);
    private readonly KeySet _keys;

    public JsonObjectReader(JsonElement element, string location, KeySet keys, ProblemList problems)
    {
        Debug.Assert(element.ValueKind == JsonValueKind.Object, "callers check the kind first");
        Location = location;
        Problems = problems;
        _keys = keys;
        foreach (var property in element.EnumerateObject())
        {
            if (!keys.Contains(property.Name))
            {
                problems.Add(
                    FieldLocation(property.Name),
                    $"{MessageText.Quote(property.Name)} is not a field of {keys.Owner}.{Spelling.DidYouMean(property.Name, keys.Names)} "
                    + $"Known fields: {string.Join(", ", keys.Names)}.");
            }
            else if (!_fields.TryAdd(property.Name, property.Value))
            {
                problems.Add(
                    FieldLocation(property.Name),
                    $"{MessageText.Quote(property.Name)} appears more than once in {keys.Owner}. Keep one of them.");
            }
        }
    }

    public string Location { get; }

    public ProblemList Problems { get; }

    public bool Has(string key) => _fields.ContainsKey(Known(key));

    public bool TryGet(string key, out JsonElement value) => _fields.TryGetValue(Known(key), out value);

    public string FieldLocation(string key) => Join(Location, $"field {MessageText.Quote(key)}");

    public static string Join(string location, string part) => string.IsNullOrEmpty(location) ? part : $"{location}, {part}";

    /// <param name="key">The field.</param>
    /// <param name="value">What was found.</param>
    /// <param name="expected">What should be there, with an example.</param>
    /// <param name="optional">Whether removing the field is a fix (it has a default).</param>
    public void WrongType(string key, JsonElement value, string expected, bool optional = true) =>
        Problems.Add(FieldLocation(key), WrongTypeMessage(value, expected, optional));

    private static string WrongTypeMessage(JsonElement value, string expected, bool optional)
    {
        var hint = string.Empty;
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString() ?? string.Empty;
            if (text is "true" or "false" && expected.StartsWith("true", StringComparison.Ordinal))
            {
                hint = $" Write {text} without quotes.";
            }
            else if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
                && expected.Contains("number", StringComparison.Ordinal))
            {
                hint = $" Write {MessageText.Printable(text.Trim(), JobsFileLimits.MaxQuotedLength)} without quotes.";
            }
        }
        else if (value.ValueKind == JsonValueKind.Null && optional)
        {
            hint = " Remove the field to use the default.";
        }

        return $"expected {expected}, found {MessageText.Describe(value)}.{hint}";
    }

    /// <summary>Reads a string; with <paramref name="required"/> a missing field is a problem. Empty or blank strings always are.</summary>
    public string? String(string key, bool required, string example)
    {
        if (!TryGet(key, out var value))
        {
            if (required)
            {
                Problems.Add(FieldLocation(key), $"is missing. Add it, such as \"{key}\": {example}.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            WrongType(key, value, $"a string such as {example}", optional: !required);
            return null;
        }

        var text = value.GetString() ?? string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            Problems.Add(FieldLocation(key), $"is empty. Write a value such as {example}.");
            return null;
        }

        return text;
    }

    public bool? Bool(string key)
    {
        if (!TryGet(key, out var value))
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        WrongType(key, value, "true or false");
        return null;
    }

    /// <summary>Reads a number in [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="meaning"/> ends the range message.</summary>
    public double? Number(string key, double min, double max, string meaning, bool allowNull = false)
    {
        var range = $"a number from {MessageText.Number(min)} to {MessageText.Number(max)}";
        var number = AnyNumber(key, range, allowNull);
        if (number is { } value && (value < min || value > max))
        {
            Problems.Add(FieldLocation(key), $"{RawNumber(key)} is out of range: write {range} ({meaning}).");
            return null;
        }

        return number;
    }

    /// <summary>Reads any finite number; the caller applies the rule that fits the field.</summary>
    public double? AnyNumber(string key, string expected, bool allowNull = false)
    {
        if (!TryGet(key, out var value) || (allowNull && value.ValueKind == JsonValueKind.Null))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            WrongType(key, value, expected);
            return null;
        }

        // 1e400 reads as infinity rather than failing, so finiteness is checked, not just the parse.
        if (!value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            Problems.Add(FieldLocation(key), $"{RawNumber(key)} is too large to be a number jobs.json can use: write {expected}.");
            return null;
        }

        return number;
    }

    /// <summary>The number exactly as the user wrote it, for messages.</summary>
    public string RawNumber(string key) =>
        TryGet(key, out var value) ? MessageText.Printable(value.GetRawText(), JobsFileLimits.MaxQuotedLength) : string.Empty;

    public int? Integer(string key, int min, int max, string meaning)
    {
        var range = $"a whole number from {min} to {max}";
        var number = AnyNumber(key, range);
        if (number is not { } value)
        {
            return null;
        }

        if (value < min || value > max)
        {
            Problems.Add(FieldLocation(key), $"{RawNumber(key)} is out of range: write {range} ({meaning}).");
            return null;
        }

        if (value != Math.Floor(value))
        {
            Problems.Add(FieldLocation(key), $"{RawNumber(key)} is not a whole number: write {range} ({meaning}).");
            return null;
        }

        return (int)value;
    }

    public TimeSpan? Duration(string key, string example)
    {
        if (!TryGet(key, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString() ?? string.Empty;
            if (Durations.TryParse(text, out var duration))
            {
                return duration;
            }

            Problems.Add(FieldLocation(key), DurationText.Explain(text, example));
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            Problems.Add(FieldLocation(key), DurationText.ExplainNumber(value, example));
            return null;
        }

        WrongType(key, value, $"a duration such as \"{example}\"");
        return null;
    }

    /// <summary>Reads a duration of at least <paramref name="minimum"/>; <paramref name="reason"/> says what a shorter one would do.</summary>
    public TimeSpan? Duration(string key, string example, TimeSpan minimum, string reason)
    {
        var duration = Duration(key, example);
        if (duration is { } value && value < minimum)
        {
            var floor = Durations.Format(minimum);
            Problems.Add(
                FieldLocation(key),
                $"{MessageText.Quote(TryGet(key, out var raw) ? raw.GetString() ?? string.Empty : string.Empty)} is shorter than {floor}, the least {key} can be: {reason} Write \"{floor}\" or longer, such as \"{example}\".");
            return null;
        }

        return duration;
    }

    /// <summary>
    /// Reads an array of strings; each element that is not a string is its own problem and is left out, so that
    /// the strings that are there can still be checked (an <c>after</c> list with one bad item still has its names checked).
    /// </summary>
    public IReadOnlyList<string>? StringArray(string key, string example)
    {
        if (!TryGet(key, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            Problems.Add(
                FieldLocation(key),
                $"expected an array of strings such as {example}, found {MessageText.Describe(value)}. Even one item goes in brackets, each in its own quotes.");
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            WrongType(key, value, $"an array of strings such as {example}");
            return null;
        }

        var items = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                items.Add(item.GetString() ?? string.Empty);
            }
            else
            {
                var quoted = item.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
                    ? $" Put it in quotes: \"{MessageText.Printable(item.GetRawText(), JobsFileLimits.MaxQuotedLength)}\"."
                    : string.Empty;
                Problems.Add(
                    FieldLocation(key),
                    $"item {index} is {MessageText.Describe(item)}; every item must be a string, such as {example}.{quoted}");
            }

            index++;
        }

        return items;
    }

    [Conditional("DEBUG")]
    private void AssertKnown(string key) => Debug.Assert(_keys.Contains(key), $"'{key}' is read but missing from {_keys.Owner}'s KeySet");

    private string Known(string key)
    {
        AssertKnown(key);
        return key;
    }
}
