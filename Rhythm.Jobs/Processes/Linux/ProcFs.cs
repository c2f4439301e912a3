using System.Globalization;
using System.Runtime.Versioning;
using System.Text;

namespace Rhythm.Jobs.Processes.Linux;

/// <summary>Reads process facts from <c>/proc</c>. Processes vanish between listing and reading; that is never an error here.</summary>
[SupportedOSPlatform("linux")]
internal static class ProcFs
{
    public static List<ProcEntry> Snapshot()
    {
        var entries = new List<ProcEntry>(512);
        foreach (var path in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(path.AsSpan());
            if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && TryRead(pid, out var entry))
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    public static bool TryRead(int pid, out ProcEntry entry)
    {
        entry = default;
        string text;
        try
        {
            text = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/stat"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return TryParseStat(text, out entry);
    }

    /// <summary>Whether the process is alive (not a zombie) and is still the one that started at <paramref name="startTicks"/>.</summary>
    public static bool IsSame(int pid, long startTicks) =>
        TryRead(pid, out var entry) && entry.StartTicks == startTicks && entry.IsAlive;

    internal static bool TryParseStat(string text, out ProcEntry entry)
    {
        entry = default;

        // The command name is in parentheses and may itself contain spaces and ')', so fields count from the last ')'.
        var close = text.LastIndexOf(')');
        var open = text.IndexOf('(', StringComparison.Ordinal);
        if (open <= 0 || close < open || close + 2 >= text.Length
            || !int.TryParse(text.AsSpan(0, open).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        // Fields after the name, numbered as in proc(5): 3 state, 4 ppid, 5 pgrp, 6 session, ..., 22 starttime.
        Span<Range> fields = stackalloc Range[21];
        var rest = text.AsSpan(close + 2);
        var count = rest.Split(fields, ' ');
        if (count < fields.Length || rest[fields[0]].Length != 1)
        {
            return false;
        }

        if (!int.TryParse(rest[fields[1]], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ppid)
            || !int.TryParse(rest[fields[2]], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var pgrp)
            || !int.TryParse(rest[fields[3]], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var session)
            || !long.TryParse(rest[fields[19]], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return false;
        }

        entry = new ProcEntry(pid, rest[fields[0]][0], ppid, pgrp, session, start);
        return true;
    }

    /// <summary>Reads one variable from a process's environment as it was at exec, or null when unset or unreadable.</summary>
    public static string? ReadEnvironmentVariable(int pid, string name) => ReadEnvironmentVariables(pid, name)[0];

    /// <summary>Reads several variables with one read of the environment; each is null when unset or unreadable.</summary>
    public static string?[] ReadEnvironmentVariables(int pid, params string[] names)
    {
        var values = new string?[names.Length];
        byte[] environ;
        try
        {
            environ = File.ReadAllBytes(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/environ"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return values;
        }

        var prefixes = names.Select(n => Encoding.UTF8.GetBytes(n + "=")).ToArray();
        var span = environ.AsSpan();
        while (!span.IsEmpty)
        {
            var end = span.IndexOf((byte)0);
            var entry = end < 0 ? span : span[..end];
            for (var i = 0; i < prefixes.Length; i++)
            {
                if (values[i] is null && entry.StartsWith(prefixes[i]))
                {
                    values[i] = Encoding.UTF8.GetString(entry[prefixes[i].Length..]);
                }
            }

            span = end < 0 ? [] : span[(end + 1)..];
        }

        return values;
    }
}
