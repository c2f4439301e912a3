using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Rhythm.Steps;

namespace Rhythm.Jobs.Processes;

/// <summary>
/// Reads a step's stdout and stderr line by line, logs the lines with secrets masked, and keeps a bounded tail.
/// Memory stays bounded whatever the step prints: lines are cut at <see cref="MaxLineLength"/> and the tail is a ring.
/// The log stays bounded too: after <see cref="MaxLoggedLines"/> lines the rest are only counted (and still kept in
/// the tail); the pipes are read to their end all the same, so the step never blocks on a full pipe.
/// </summary>
internal sealed class OutputCapture(ILogger logger, SecretRedactor redactor)
{
    /// <summary>The longest line logged; the rest of a longer line is counted, not kept.</summary>
    public const int MaxLineLength = 4096;

    /// <summary>
    /// How many lines of one step run reach the log, stdout and stderr together. A chatty but sane step (a build, a
    /// backup listing, a report) prints a few hundred lines; a runaway loop prints hundreds of thousands a second and
    /// would roll every real line out of the kept log files. 2,000 lines of ordinary width is about 200 KB: room for
    /// anything a person would read in the log, a small share of one log file. Past it, the history's tail
    /// (<see cref="StepOutcome.MaxTailLength"/> characters) still holds how the output ended.
    /// </summary>
    public const int MaxLoggedLines = 2000;

    private const int ReadBufferSize = 64 * 1024;

    private readonly Lock _gate = new();
    private readonly OutputTail _tail = new(StepOutcome.MaxTailLength);

    // Every line emitted so far, logged or not; shared by the stdout and stderr pumps.
    private long _lines;

    /// <summary>How many lines were left out of the log because the step printed more than <see cref="MaxLoggedLines"/>.</summary>
    public long UnloggedLines => Math.Max(0, Interlocked.Read(ref _lines) - MaxLoggedLines);

    /// <summary>The last <see cref="StepOutcome.MaxTailLength"/> characters of output, stdout and stderr interleaved as they arrived.</summary>
    public string Tail
    {
        get
        {
            lock (_gate)
            {
                var tail = _tail.ToString();
                return tail.EndsWith('\n') ? tail[..^1] : tail;
            }
        }
    }

    /// <summary>Reads the stream to its end. Ends quietly when the stream is closed under it.</summary>
    public async Task PumpAsync(Stream stream, bool isError)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(ReadBufferSize));

        // Room beyond the visible length, so that a secret straddling the cut is still seen whole and masked.
        var line = new char[MaxLineLength + redactor.LongestSecret];
        var length = 0;
        long dropped = 0;
        var decoder = Encoding.UTF8.GetDecoder();
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(bytes.AsMemory(0, ReadBufferSize)).ConfigureAwait(false);
                var decoded = decoder.GetChars(bytes, 0, read, chars, 0, flush: read == 0);
                var span = chars.AsSpan(0, decoded);
                while (!span.IsEmpty)
                {
                    var newline = span.IndexOf('\n');
                    var piece = newline < 0 ? span : span[..newline];
                    var room = line.Length - length;
                    if (piece.Length <= room)
                    {
                        piece.CopyTo(line.AsSpan(length));
                        length += piece.Length;
                    }
                    else
                    {
                        piece[..room].CopyTo(line.AsSpan(length));
                        length = line.Length;
                        dropped += piece.Length - room;
                    }

                    if (newline < 0)
                    {
                        break;
                    }

                    Emit(line.AsSpan(0, length), dropped, isError);
                    length = 0;
                    dropped = 0;
                    span = span[(newline + 1)..];
                }

                if (read == 0)
                {
                    break;
                }
            }

            if (length > 0 || dropped > 0)
            {
                Emit(line.AsSpan(0, length), dropped, isError);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The runner closes the pipe when a process outside the tree keeps it open after the step ended.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private void Emit(ReadOnlySpan<char> line, long dropped, bool isError)
    {
        if (dropped == 0 && line.EndsWith('\r'))
        {
            line = line[..^1];
        }

        var text = redactor.Redact(line, MaxLineLength, out var omitted);
        var total = dropped + omitted;
        if (total > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" ... [{total} more characters]");
        }

        lock (_gate)
        {
            _tail.Append(text);
            _tail.Append("\n");
        }

        var number = Interlocked.Increment(ref _lines);
        if (number <= MaxLoggedLines)
        {
            logger.StepOutput(isError ? LogLevel.Warning : LogLevel.Information, text);
        }
        else if (number == MaxLoggedLines + 1)
        {
            logger.OutputLogLimitReached(MaxLoggedLines, StepOutcome.MaxTailLength / 1024);
        }
    }

    /// <summary>Logs how many lines were left out of the log, if any. Called once the output has been read.</summary>
    public void LogUnloggedLines()
    {
        var unlogged = UnloggedLines;
        if (unlogged > 0)
        {
            logger.OutputLinesNotLogged(unlogged, MaxLoggedLines);
        }
    }
}
