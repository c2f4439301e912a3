using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rhythm.Model;

namespace Rhythm.Jobs.Builtins;

/// <summary>
/// Reads a built-in step's <c>with</c> object. Every read returns the default when the key is absent; every
/// problem (not an object, an unknown key, a value of the wrong kind) is kept in <see cref="Problems"/>, worded so
/// that the user sees which step kind, which key, what was expected and what was found.
/// </summary>
/// <remarks>
/// Unknown keys are errors rather than ignored: a misspelt <c>maxLatncy</c> would otherwise silently run with the
/// default, and the user would believe the threshold they typed is in force.
/// </remarks>
internal sealed class BuiltinOptions
{
    private readonly Dictionary<string, JsonElement> _values = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];
    private readonly HashSet<string> _wrong = new(StringComparer.Ordinal);

    // "with" that is not an object has no keys at all; saying a required one is missing too would be a second
    // message about the same mistake.
    private bool _notAnObject;

    private BuiltinOptions(string builtin) => Builtin = builtin;

    /// <summary>The step kind, as jobs.json spells it (<c>builtin:trends</c>).</summary>
    public string Builtin { get; }

    /// <summary>Every problem found so far, in the order found; empty when every read value was valid.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Opens <paramref name="with"/> for the built-in <paramref name="name"/>, which accepts only <paramref name="known"/> keys.</summary>
    public static BuiltinOptions Read(string name, JsonElement? with, IReadOnlyList<string> known)
    {
        var options = new BuiltinOptions(StepDefinition.BuiltinPrefix + name);
        if (with is not { } value || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return options;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            options.Fail($"\"with\" must be an object, found {Kind(value)}");
            options._notAnObject = true;
            return options;
        }

        // Unknown keys do not stop the reading: the known ones are still checked, so one run of rhythm validate
        // shows everything that is wrong with the step.
        foreach (var property in value.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                options.Fail(
                    $"unknown option {MessageText.Quote(property.Name)} in \"with\".{Spelling.DidYouMean(property.Name, known)} Known options: {string.Join(", ", known)}");
                continue;
            }

            options._values[property.Name] = property.Value;
        }

        return options;
    }

    /// <summary>Whether <c>with</c> sets <paramref name="key"/>.</summary>
    public bool Has(string key) => _values.ContainsKey(key);

    /// <summary>Whether every one of <paramref name="keys"/> is absent or valid, so a rule between them compares what the user meant.</summary>
    public bool Valid(params string[] keys) => !keys.Any(_wrong.Contains);

    /// <summary>Records a problem; each is its own message.</summary>
    public void Fail(string message) => _problems.Add($"{Builtin}: {message}");

    /// <summary>The problems as one line, for a step that is run with options that were never checked.</summary>
    public static string Summary(IReadOnlyList<string> problems) => string.Join("; ", problems);

    public double Number(string key, double fallback, double min, double max, string expected)
    {
        if (!TryGet(key, out var value))
        {
            return fallback;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && number >= min && number <= max)
        {
            return number;
        }

        return Wrong(key, expected, value, fallback);
    }

    public double Percent(string key, double fallback) => Number(key, fallback, 0, 100, "a percentage from 0 to 100");

    public int Count(string key, int fallback, int min, int max)
    {
        if (!TryGet(key, out var value))
        {
            return fallback;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max)
        {
            return number;
        }

        return Wrong(key, string.Create(CultureInfo.InvariantCulture, $"a whole number from {min} to {max}"), value, fallback);
    }

    public TimeSpan Duration(string key, TimeSpan fallback)
    {
        if (!TryGet(key, out var value))
        {
            return fallback;
        }

        if (value.ValueKind == JsonValueKind.String && Durations.TryParse(value.GetString(), out var duration))
        {
            return duration;
        }

        return Wrong(key, "a duration such as \"500ms\", \"30s\", \"10m\", \"6h\" or \"7d\"", value, fallback);
    }

    public bool Flag(string key, bool fallback)
    {
        if (!TryGet(key, out var value))
        {
            return fallback;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => Wrong(key, "true or false", value, fallback),
        };
    }

    public string? Text(string key, string? fallback)
    {
        if (!TryGet(key, out var value))
        {
            return fallback;
        }

        return value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()
            : Wrong(key, "a non-empty string", value, fallback);
    }

    /// <summary>A folder name or relative path; <c>..</c> is allowed, but not an empty string.</summary>
    public string Folder(string key, string fallback) => Text(key, fallback) ?? fallback;

    public Regex? Pattern(string key)
    {
        var text = Text(key, null);
        if (text is null)
        {
            return null;
        }

        try
        {
            // A pattern is matched against every command line on the machine: bound each match so a pathological
            // expression cannot stall the step.
            return new Regex(text, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException ex)
        {
            _wrong.Add(key);
            Fail($"option '{key}' is not a valid regular expression ({ex.Message}), found {Quote(text)}");
            return null;
        }
    }

    public IReadOnlyList<int>? Integers(string key, int min, int max)
    {
        if (!TryGet(key, out var value))
        {
            return null;
        }

        var expected = string.Create(CultureInfo.InvariantCulture, $"a non-empty list of whole numbers from {min} to {max}");
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            return Wrong<IReadOnlyList<int>?>(key, expected, value, null);
        }

        var numbers = new List<int>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out var number) || number < min || number > max)
            {
                return Wrong<IReadOnlyList<int>?>(key, expected, value, null);
            }

            numbers.Add(number);
        }

        return numbers;
    }

    /// <summary>Marks a key the step requires.</summary>
    public void Require(string key, string expected)
    {
        if (!_notAnObject && !_values.ContainsKey(key))
        {
            Fail($"option '{key}' is required: {expected}");
        }
    }

    private bool TryGet(string key, out JsonElement value) => _values.TryGetValue(key, out value);

    private T Wrong<T>(string key, string expected, JsonElement found, T fallback)
    {
        _wrong.Add(key);
        Fail($"option '{key}' must be {expected}, found {Raw(found)}");
        return fallback;
    }

    private static string Raw(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length <= 80 ? raw : raw[..77] + "...";
    }

    private static string Quote(string text) => JsonSerializer.Serialize(text);

    private static string Kind(JsonElement value) => value.ValueKind.ToString().ToLowerInvariant();
}
