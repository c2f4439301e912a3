using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace Rhythm.Jobs.Processes;

/// <summary>Turns a step's <c>run</c> and <c>args</c> into a program to start: resolves the path and picks the interpreter.</summary>
internal static class CommandResolver
{
    private static readonly string[] PowerShellFlags = ["-NoProfile", "-NonInteractive", "-File"];

    // cmd.exe re-parses the command line of a batch file with its own rules, so these characters in an argument
    // could run other commands; argv for .cmd/.bat is refused rather than escaped by a guess.
    private static readonly SearchValues<char> CmdMetacharacters = SearchValues.Create("\"%^&|<>!\r\n");

    public static bool TryResolve(
        string run,
        IReadOnlyList<string> args,
        string baseDirectory,
        string? searchPath,
        [NotNullWhen(true)] out ResolvedCommand? command,
        [NotNullWhen(false)] out string? error)
    {
        command = null;
        var target = Path.GetFullPath(Path.Combine(baseDirectory, run));
        if (!File.Exists(target))
        {
            var bareName = run.IndexOfAny(['/', '\\']) < 0;
            var onPath = bareName ? ExecutableSearch.Find(run, searchPath) : null;
            if (onPath is null)
            {
                error = bareName ? $"not found: {target}, and no '{run}' on PATH" : $"not found: {target}";
                return false;
            }

            target = onPath;
        }

        var extension = Path.GetExtension(target).ToUpperInvariant();
        switch (extension)
        {
            case ".PY":
                return TryPython(run, target, args, searchPath, out command, out error);
            case ".PS1":
                return TryInterpreter(run, target, args, searchPath, "PowerShell", ["pwsh", "powershell"], PowerShellFlags, out command, out error);
            case ".SH":
                return TryInterpreter(run, target, args, searchPath, "bash", ["bash"], [], out command, out error);
            case ".JS":
                return TryInterpreter(run, target, args, searchPath, "Node.js", ["node"], [], out command, out error);
            case ".CMD" or ".BAT":
                return TryBatch(run, target, args, searchPath, out command, out error);
            default:
                if (!ExecutableSearch.IsExecutableFile(target))
                {
                    error = $"{target} is not executable: mark it executable (chmod +x) or give it a known extension (.py, .ps1, .sh, .cmd, .bat, .js)";
                    return false;
                }

                command = new ResolvedCommand(target, [.. args]);
                error = null;
                return true;
        }
    }

    private static bool TryPython(string run, string script, IReadOnlyList<string> args, string? searchPath,
        [NotNullWhen(true)] out ResolvedCommand? command, [NotNullWhen(false)] out string? error)
    {
        var folder = Path.GetDirectoryName(script)!;
        foreach (var venv in (string[])[".venv", "venv"])
        {
            var python = OperatingSystem.IsWindows()
                ? Path.Combine(folder, venv, "Scripts", "python.exe")
                : Path.Combine(folder, venv, "bin", "python");
            if (File.Exists(python))
            {
                command = new ResolvedCommand(python, [script, .. args]);
                error = null;
                return true;
            }
        }

        string[] names = OperatingSystem.IsWindows() ? ["python3", "python", "py"] : ["python3", "python"];
        if (TryInterpreter(run, script, args, searchPath, "Python interpreter", names, [], out command, out _))
        {
            error = null;
            return true;
        }

        error = $"no Python interpreter found for {run}: looked for .venv, venv, {string.Join(", ", names)} on PATH";
        return false;
    }

    private static bool TryBatch(string run, string script, IReadOnlyList<string> args, string? searchPath,
        [NotNullWhen(true)] out ResolvedCommand? command, [NotNullWhen(false)] out string? error)
    {
        command = null;
        var unsafeArgument = args.FirstOrDefault(a => a.AsSpan().IndexOfAny(CmdMetacharacters) >= 0);
        if (unsafeArgument is not null)
        {
            error = $"cannot pass the argument '{unsafeArgument}' to {run}: cmd.exe would interpret its quotes or any of % ^ & | < > !";
            return false;
        }

        var comSpec = Environment.GetEnvironmentVariable("ComSpec");
        var cmd = comSpec is not null && File.Exists(comSpec) ? comSpec : ExecutableSearch.Find("cmd", searchPath);
        if (cmd is null)
        {
            error = $"no cmd found for {run}: looked for %ComSpec%, cmd on PATH";
            return false;
        }

        command = new ResolvedCommand(cmd, ["/d", "/c", script, .. args]);
        error = null;
        return true;
    }

    private static bool TryInterpreter(string run, string script, IReadOnlyList<string> args, string? searchPath, string label,
        string[] names, string[] flags, [NotNullWhen(true)] out ResolvedCommand? command, [NotNullWhen(false)] out string? error)
    {
        foreach (var name in names)
        {
            var interpreter = ExecutableSearch.Find(name, searchPath);
            if (interpreter is not null)
            {
                command = new ResolvedCommand(interpreter, [.. flags, script, .. args]);
                error = null;
                return true;
            }
        }

        command = null;
        error = $"no {label} found for {run}: looked for {string.Join(", ", names)} on PATH";
        return false;
    }
}
