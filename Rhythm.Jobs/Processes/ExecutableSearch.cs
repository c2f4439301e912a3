namespace Rhythm.Jobs.Processes;

/// <summary>Finds a program on a search path the way a shell would, without starting a shell.</summary>
internal static class ExecutableSearch
{
    private static readonly string[] DefaultWindowsExtensions = [".COM", ".EXE", ".BAT", ".CMD"];

    /// <summary>Returns the full path of <paramref name="name"/> on <paramref name="searchPath"/>, or null.</summary>
    public static string? Find(string name, string? searchPath)
    {
        if (string.IsNullOrEmpty(searchPath))
        {
            return null;
        }

        foreach (var directory in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // A relative entry ("." or "bin") would make the result depend on the current directory of the host.
            if (!Path.IsPathFullyQualified(directory))
            {
                continue;
            }

            foreach (var candidate in Candidates(Path.Combine(directory, name)))
            {
                if (IsExecutableFile(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Whether the path is a file this OS would run directly.</summary>
    public static bool IsExecutableFile(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }

    private static IEnumerable<string> Candidates(string path)
    {
        if (!OperatingSystem.IsWindows() || Path.HasExtension(path))
        {
            yield return path;
            yield break;
        }

        var extensions = Environment.GetEnvironmentVariable("PATHEXT")?.Split(';', StringSplitOptions.RemoveEmptyEntries) ?? DefaultWindowsExtensions;
        foreach (var extension in extensions)
        {
            yield return path + extension;
        }
    }
}
