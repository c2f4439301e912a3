using System.Reflection;

namespace Rhythm.Jobs.Processes;

/// <summary>How to start the running program again: its own path, or <c>dotnet</c> and its dll when it was started that way.</summary>
internal static class ThisProgram
{
    /// <summary>The program and the arguments that must come before its own, all absolute.</summary>
    public static string[] Command()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this program is unknown");
        return string.Equals(Path.GetFileNameWithoutExtension(process), "dotnet", StringComparison.OrdinalIgnoreCase)
            && Assembly.GetEntryAssembly()?.Location is { Length: > 0 } entry
            ? [process, entry]
            : [process];
    }
}
