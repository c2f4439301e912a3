using System.ComponentModel;
using System.Diagnostics;

namespace Rhythm.Host.Service;

/// <summary>Runs the system's own service tools (systemctl, useradd, sc.exe) and shows each command as it runs.</summary>
internal static class ServiceShell
{
    public static (int ExitCode, string Output) Run(TextWriter log, string program, params string[] arguments)
    {
        log.WriteLine($"+ {Display(program, arguments)}");
        var info = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(info)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, (output + error.GetAwaiter().GetResult()).Trim());
        }
        catch (Win32Exception exception)
        {
            return (127, $"{program} could not be started: {exception.Message}");
        }
    }

    /// <summary>A command as a person would type it, for printing.</summary>
    public static string Display(string program, IEnumerable<string> arguments)
        => string.Join(' ', new[] { program }.Concat(arguments).Select(a =>
            a.Length > 0 && !a.Any(c => char.IsWhiteSpace(c) || c == '"') ? a : "\"" + a.Replace("\"", "\\\"", StringComparison.Ordinal) + "\""));
}
