namespace Rhythm.Host.Cli;

/// <summary>A parsed command line: one verb, <c>--name value</c> options and <c>--flag</c> switches.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly HashSet<string> _valueless = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private CommandLine(string verb, List<string> positional)
    {
        Verb = verb;
        Positional = positional;
    }

    public string Verb { get; }

    public IReadOnlyList<string> Positional { get; }

    /// <summary>Splits <paramref name="args"/>; <paramref name="flagNames"/> are the options that take no value.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlySet<string> flagNames)
    {
        var verb = args.Count > 0 && !args[0].StartsWith('-') ? args[0] : "run";
        var start = args.Count > 0 && !args[0].StartsWith('-') ? 1 : 0;
        var positional = new List<string>();
        var line = new CommandLine(verb, positional);
        for (var i = start; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(arg);
                continue;
            }

            var name = arg[2..];
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                line._options[name[..equals]] = name[(equals + 1)..];
            }
            else if (flagNames.Contains(name))
            {
                line._flags.Add(name);
            }
            else if (i + 1 < args.Count)
            {
                line._options[name] = args[++i];
            }
            else
            {
                // Said when the verb asks for it: an unknown option at the end is a typo, not a missing value.
                line._valueless.Add(name);
            }
        }

        return line;
    }

    public string? Option(string name)
    {
        _read.Add(name);
        return _valueless.Contains(name)
            ? throw new UsageException($"option --{name} needs a value")
            : _options.GetValueOrDefault(name);
    }

    public bool Flag(string name)
    {
        _read.Add(name);
        return _flags.Contains(name);
    }

    public int IntOption(string name, int fallback, int min, int max)
    {
        var text = Option(name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"--{name} must be a whole number from {min} to {max}, not '{text}'");
    }

    /// <summary>Fails on any option the verb did not read, so a typo is not silently ignored.</summary>
    public void RejectUnknown(int maxPositional = 0)
    {
        var unknown = _options.Keys.Concat(_flags).Concat(_valueless).Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"'{Verb}' does not take --{string.Join(", --", unknown)}");
        }

        if (Positional.Count > maxPositional)
        {
            throw new UsageException($"'{Verb}' does not take '{Positional[maxPositional]}'");
        }
    }
}
