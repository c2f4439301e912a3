using System.Buffers;
using System.Text;

namespace Rhythm.Jobs.Processes;

/// <summary>Replaces the values of secret-looking environment variables with <c>***</c> in everything a step prints.</summary>
internal sealed class SecretRedactor
{
    public const string Mask = "***";

    /// <summary>
    /// Values shorter than this are never masked: "1" or "on" is no secret worth hiding, and masking it everywhere
    /// turns "processed 100 items" into "processed ***00 items".
    /// </summary>
    public const int MinimumSecretLength = 4;

    // Matched anywhere in the name, ignoring case. AUTH is not a marker: it would catch AUTHOR, and OAUTH_TOKEN or
    // AUTH_KEY are caught by their other part.
    private static readonly string[] SecretMarkers = ["TOKEN", "PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "KEY"];

    // Matched only as a whole part of the name (DB_PASS, smtp-pass): inside a word it catches BYPASS_CACHE=true,
    // and every "true" in the output would be masked. (PWD is no marker: it is the shell's working folder.)
    private static readonly string[] SecretParts = ["PASS"];

    private readonly string[] _secrets;
    private readonly SearchValues<string>? _search;

    public SecretRedactor(IEnumerable<string> secrets)
    {
        // Longest first, so that a secret containing another is masked whole.
        _secrets = [.. secrets.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];
        _search = _secrets.Length == 0 ? null : SearchValues.Create(_secrets, StringComparison.Ordinal);
        LongestSecret = _secrets.Length == 0 ? 0 : _secrets[0].Length;
    }

    public static SecretRedactor None { get; } = new([]);

    /// <summary>The length of the longest secret: a line cut shorter than this could hide a partial secret.</summary>
    public int LongestSecret { get; }

    public static bool IsSecretName(string name) =>
        SecretMarkers.Any(marker => name.Contains(marker, StringComparison.OrdinalIgnoreCase))
        || name.Split(['_', '-', '.']).Any(part => SecretParts.Contains(part, StringComparer.OrdinalIgnoreCase));

    /// <summary>Masks every secret in the first <paramref name="limit"/> characters of the text and drops the rest.</summary>
    /// <param name="text">The text.</param>
    /// <param name="limit">How many characters of the original text to keep; a secret that starts before it is masked whole.</param>
    /// <param name="omitted">How many characters of the original text were dropped.</param>
    public string Redact(ReadOnlySpan<char> text, int limit, out int omitted)
    {
        var position = 0;
        var index = _search is null ? -1 : text.IndexOfAny(_search);
        if (index < 0 || index >= limit)
        {
            var kept = Math.Min(limit, text.Length);
            omitted = text.Length - kept;
            return new string(text[..kept]);
        }

        var builder = new StringBuilder(Math.Min(limit, text.Length));
        while (position < limit && position < text.Length)
        {
            var rest = text[position..];
            var found = rest.IndexOfAny(_search!);
            if (found < 0 || position + found >= limit)
            {
                var end = Math.Min(limit, text.Length);
                builder.Append(text[position..end]);
                position = end;
                break;
            }

            builder.Append(rest[..found]).Append(Mask);
            position += found + MatchLength(rest[found..]);
        }

        omitted = Math.Max(0, text.Length - position);
        return builder.ToString();
    }

    private int MatchLength(ReadOnlySpan<char> text)
    {
        foreach (var secret in _secrets)
        {
            if (text.StartsWith(secret, StringComparison.Ordinal))
            {
                return secret.Length;
            }
        }

        return 1;
    }

    public string Redact(string text) => text.Length == 0 ? text : Redact(text, text.Length, out _);
}
