using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Rhythm.Model;

/// <summary>
/// Turns the raw bytes of a jobs.json into a <see cref="JsonDocument"/>, or into exactly one problem that says
/// where the text stops being JSON. Everything that could make System.Text.Json throw later is caught here.
/// </summary>
internal static class JobsFileSyntax
{
    /// <summary>People edit jobs.json by hand: comments and a trailing comma should not stop the scheduler.</summary>
    public static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = JobsFileLimits.MaxDepth,
    };

    public static JsonDocument? Parse(ReadOnlyMemory<byte> bytes, ProblemList problems)
    {
        var span = bytes.Span;
        if (span.Length >= 2 && ((span[0] == 0xFF && span[1] == 0xFE) || (span[0] == 0xFE && span[1] == 0xFF)))
        {
            problems.Add(string.Empty, "the file is saved as UTF-16. Save it as UTF-8 (most editors offer this under 'Save with encoding').");
            return null;
        }

        if (span.StartsWith(Encoding.UTF8.Preamble))
        {
            bytes = bytes[Encoding.UTF8.Preamble.Length..];
            span = bytes.Span;
        }

        if (span.Trim(" \t\r\n"u8).IsEmpty)
        {
            problems.Add(string.Empty, "the file is empty. A jobs.json holds one object such as { \"groups\": [ ... ] }.");
            return null;
        }

        var invalid = FirstInvalidUtf8(span);
        if (invalid >= 0)
        {
            problems.Add(
                LocationOf(span, invalid),
                $"the file is not valid UTF-8 (byte 0x{span[invalid]:X2} here). Save it as UTF-8.");
            return null;
        }

        if (!Scan(span, problems))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(bytes, DocumentOptions);
        }
        catch (JsonException exception)
        {
            // The scan above uses the same rules, so this is a second line of defence, not a path we expect.
            problems.Add(LocationOf(span, exception), Reason(exception));
            return null;
        }
    }

    /// <summary>
    /// Walks every token once: syntax errors come out with a line and column, nesting is stopped at
    /// <see cref="JobsFileLimits.MaxDepth"/> with a message of our own, and escaped strings that do not decode
    /// (a lone <c>\ud800</c>) are caught here, because <see cref="JsonElement.GetString"/> would throw on them later.
    /// </summary>
    private static bool Scan(ReadOnlySpan<byte> span, ProblemList problems)
    {
        var reader = new Utf8JsonReader(span, new JsonReaderOptions
        {
            AllowTrailingCommas = DocumentOptions.AllowTrailingCommas,
            CommentHandling = DocumentOptions.CommentHandling,
            MaxDepth = JobsFileLimits.MaxDepth + 1,
        });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray when reader.CurrentDepth >= JobsFileLimits.MaxDepth:
                        problems.Add(
                            LocationOf(span, (int)reader.TokenStartIndex),
                            $"the JSON is nested more than {JobsFileLimits.MaxDepth} levels deep. A jobs.json needs only a few levels; check for runaway brackets.");
                        return false;
                    case JsonTokenType.String or JsonTokenType.PropertyName when reader.ValueIsEscaped:
                        if (!Decodes(ref reader))
                        {
                            problems.Add(
                                LocationOf(span, (int)reader.TokenStartIndex),
                                "this string has an escape that is not a whole character (a lone \\uD800-\\uDFFF surrogate). Write the character itself, or a full surrogate pair.");
                            return false;
                        }

                        break;
                }
            }

            return true;
        }
        catch (JsonException exception)
        {
            problems.Add(LocationOf(span, exception), Reason(exception));
            return false;
        }
    }

    private static bool Decodes(ref Utf8JsonReader reader)
    {
        try
        {
            _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Reason(JsonException exception)
    {
        // System.Text.Json appends its own zero-based position; the problem's location already says it one-based.
        var message = exception.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0)
        {
            message = message[..cut];
        }

        message = MessageText.Printable(message.Trim(), 300);
        var hint = message.StartsWith("''' ", StringComparison.Ordinal)
            ? " JSON puts strings and keys in double quotes (\"), not single quotes."
            : message.Contains("start of a property name", StringComparison.Ordinal)
                ? " Keys must be in double quotes, such as \"every\"."
                : " Look for a missing comma, colon, quote or bracket at or just before this point.";
        return $"the file is not valid JSON: {message}{hint}";
    }

    private static string LocationOf(ReadOnlySpan<byte> span, JsonException exception)
    {
        if (exception.LineNumber is not { } line || exception.BytePositionInLine is not { } byteInLine)
        {
            return string.Empty;
        }

        var lineStart = 0;
        for (long l = 0; l < line; l++)
        {
            var next = span[lineStart..].IndexOf((byte)'\n');
            if (next < 0)
            {
                return $"line {line + 1}";
            }

            lineStart += next + 1;
        }

        var lineEnd = (int)Math.Min(span.Length, lineStart + byteInLine);
        return $"line {line + 1}, column {Encoding.UTF8.GetCharCount(span[lineStart..lineEnd]) + 1}";
    }

    private static string LocationOf(ReadOnlySpan<byte> span, int offset)
    {
        offset = Math.Clamp(offset, 0, span.Length);
        var before = span[..offset];
        var line = before.Count((byte)'\n') + 1;
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        // Columns count characters, not bytes, so a name in Korean does not push the column off.
        return $"line {line}, column {CharCountLenient(span[lineStart..offset]) + 1}";
    }

    private static int CharCountLenient(ReadOnlySpan<byte> bytes)
    {
        var count = 0;
        while (!bytes.IsEmpty)
        {
            _ = Rune.DecodeFromUtf8(bytes, out _, out var consumed);
            bytes = bytes[Math.Max(consumed, 1)..];
            count++;
        }

        return count;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> span)
    {
        if (System.Text.Unicode.Utf8.IsValid(span))
        {
            return -1;
        }

        var offset = 0;
        while (offset < span.Length)
        {
            var status = Rune.DecodeFromUtf8(span[offset..], out _, out var consumed);
            if (status != OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return -1;
    }
}
