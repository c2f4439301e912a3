using System.Text;

namespace Rhythm.Jobs.Processes;

/// <summary>What the runner starts: a program and its argv, never a shell command line.</summary>
/// <param name="FileName">The full path of the program (the interpreter for a script).</param>
/// <param name="Arguments">The argv after the program: interpreter flags, the script, then the step's args.</param>
internal sealed record ResolvedCommand(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>The command as a person would type it, for logs and dry runs (quoting is for reading only).</summary>
    public string Display
    {
        get
        {
            var builder = new StringBuilder(Quote(FileName));
            foreach (var argument in Arguments)
            {
                builder.Append(' ').Append(Quote(argument));
            }

            return builder.ToString();
        }
    }

    private static string Quote(string value) =>
        value.Length > 0 && !value.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'')
            ? value
            : "\"" + value.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
