using System.Text;
using System.Text.Json;

namespace Rhythm.Model;

/// <summary>
/// Group and step names become Quartz job keys and parts of file names, so they are held to a set of
/// characters that is safe in both on every platform.
/// </summary>
internal static class NameRules
{
    public const string Pattern = "^[A-Za-z0-9][A-Za-z0-9._-]*$";

    private const string Rule =
        "Use letters A-Z and a-z, digits, '.', '_' and '-', starting with a letter or digit (names become Quartz keys and file names).";

    /// <summary>Says what is wrong with <paramref name="name"/>, or returns <see langword="null"/> when it is fine.</summary>
    public static string? Check(string name)
    {
        if (name.Length > JobsFileLimits.MaxNameLength)
        {
            return $"{MessageText.Quote(name)} is {name.Length} characters long; a name may have at most {JobsFileLimits.MaxNameLength} (names become Quartz keys and file names).";
        }

        var bad = -1;
        for (var i = 0; i < name.Length; i++)
        {
            if (!IsAllowed(name[i], i == 0))
            {
                bad = i;
                break;
            }
        }

        if (bad < 0)
        {
            return null;
        }

        var what = bad == 0 && IsAllowed(name[0], first: false)
            ? $"starts with '{name[0]}'"
            : $"contains {MessageText.DescribeChar(name, bad)}";
        var suggestion = Suggest(name);
        var didYouMean = suggestion is null ? string.Empty : $" Did you mean {MessageText.Quote(suggestion)}?";
        return $"{MessageText.Quote(name)} {what}, which a name cannot have.{didYouMean} {Rule}";
    }

    public static bool IsValid(string name)
    {
        if (name.Length is 0 or > JobsFileLimits.MaxNameLength)
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            if (!IsAllowed(name[i], i == 0))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Reports names used twice, and names that differ only in case: those are different Quartz keys but the
    /// same file on Windows and macOS.
    /// </summary>
    /// <param name="items">Each name with the location to report at and the short label that identifies it (<c>groups[2]</c>).</param>
    /// <param name="kind">"group" or "step", for the message.</param>
    /// <param name="scope">Where names must be unique, for the message: "in the file", "within a group".</param>
    /// <param name="problems">Where to report.</param>
    public static void ReportDuplicates(IEnumerable<(string Location, string Label, string Name)> items, string kind, string scope, ProblemList problems)
    {
        var exact = new Dictionary<string, string>(StringComparer.Ordinal);
        var folded = new Dictionary<string, (string Label, string Name)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (location, label, name) in items)
        {
            if (exact.TryGetValue(name, out var first))
            {
                problems.Add(location, $"{MessageText.Quote(name)} is already the name of {first}; {kind} names must be unique {scope}. Rename one of them.");
                continue;
            }

            exact[name] = label;
            if (folded.TryGetValue(name, out var other))
            {
                problems.Add(
                    location,
                    $"{MessageText.Quote(name)} differs from {other.Label} ({MessageText.Quote(other.Name)}) only in case. "
                    + "Names become file names, and those clash on Windows and macOS. Rename one of them.");
                continue;
            }

            folded[name] = (label, name);
        }
    }

    /// <summary>Reads a required <c>name</c> and reports what is wrong with it; returns it as written, even when invalid, for the rules between names.</summary>
    public static string? Read(JsonObjectReader reader, string example)
    {
        var name = reader.String("name", required: true, example);
        if (name is not null && Check(name) is { } problem)
        {
            reader.Problems.Add(reader.FieldLocation("name"), problem);
        }

        return name;
    }

    /// <summary>The name to label an entry with in messages, even before it has been checked.</summary>
    public static string? Peek(JsonElement item)
    {
        foreach (var property in item.EnumerateObject())
        {
            if (property.NameEquals("name"))
            {
                return property.Value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(property.Value.GetString())
                    ? property.Value.GetString()
                    : null;
            }
        }

        return null;
    }

    private static bool IsAllowed(char c, bool first) =>
        char.IsAsciiLetterOrDigit(c) || (!first && c is '.' or '_' or '-');

    private static string? Suggest(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (IsAllowed(c, first: false))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var suggestion = builder.ToString().TrimStart('.', '_', '-').TrimEnd('-');
        return suggestion != name && IsValid(suggestion) ? suggestion : null;
    }
}
