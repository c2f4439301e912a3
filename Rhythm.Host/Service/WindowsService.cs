using Rhythm.Host.Cli;

namespace Rhythm.Host.Service;

/// <summary>Installs and removes the Windows service with <c>sc.exe</c>, running as its own virtual account.</summary>
/// <remarks>
/// A virtual account (<c>NT SERVICE\rhythm</c>) is Windows' dedicated per-service identity: no password to manage,
/// and it owns nothing but what it is granted, here modify rights on the jobs.json folder. The failure actions
/// restart the service after 5 s, 5 s and then 60 s, as systemd's Restart=on-failure does; <c>failureflag</c> makes
/// a non-zero exit count as a failure, not only a crash.
/// </remarks>
internal static class WindowsService
{
    public static string DefaultUser(string name) => $@"NT SERVICE\{name}";

    /// <summary>The accounts <c>sc.exe</c> can set without a password.</summary>
    public static bool IsPasswordless(string user)
        => user.StartsWith(@"NT SERVICE\", StringComparison.OrdinalIgnoreCase)
            || user.StartsWith(@"NT AUTHORITY\", StringComparison.OrdinalIgnoreCase)
            || user.Equals("LocalSystem", StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<string[]> InstallCommands(ServiceDefinition service)
    {
        var binPath = string.Join(' ', service.CommandLine.Select(QuoteForBinPath));
        return
        [
            ["sc.exe", "create", service.Name, "binPath=", binPath, "start=", "auto", "obj=", service.User, "DisplayName=", "Rhythm"],
            ["sc.exe", "description", service.Name, $"Rhythm job orchestration for {service.JobsPath}"],
            ["sc.exe", "failure", service.Name, "reset=", "86400", "actions=", "restart/5000/restart/5000/restart/60000"],
            ["sc.exe", "failureflag", service.Name, "1"],
            ["icacls", service.WorkingDirectory, "/grant", $"{service.User}:(OI)(CI)M"],
            ["sc.exe", "start", service.Name],
        ];
    }

    public static IReadOnlyList<string[]> UninstallCommands(string name) =>
    [
        ["sc.exe", "stop", name],
        ["sc.exe", "delete", name],
    ];

    public static int Install(ServiceDefinition service, TextWriter output, TextWriter error)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            error.WriteLine("rhythm: installing a Windows service needs an elevated prompt (Run as administrator)");
            return ExitCodes.Failed;
        }

        return RunAll(InstallCommands(service), stopOnFailure: true, output, error)
            ? Done(output, $"'{service.Name}' is installed and started as {service.User}; see it in services.msc, its log in {Path.Combine(service.WorkingDirectory, "logs")}")
            : ExitCodes.Failed;
    }

    public static int Uninstall(string name, TextWriter output, TextWriter error)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            error.WriteLine("rhythm: removing a Windows service needs an elevated prompt (Run as administrator)");
            return ExitCodes.Failed;
        }

        // Stopping fails when the service is already stopped; deleting is what must succeed.
        var commands = UninstallCommands(name);
        RunAll(commands.Take(1), stopOnFailure: false, output, error);
        return RunAll(commands.Skip(1), stopOnFailure: true, output, error)
            ? Done(output, $"'{name}' is removed. jobs.json, the store and the logs stay.")
            : ExitCodes.Failed;
    }

    /// <summary>sc.exe stores binPath as one command line: paths with spaces need their own quotes inside it.</summary>
    private static string QuoteForBinPath(string word)
        => word.Length > 0 && !word.Any(c => char.IsWhiteSpace(c) || c == '"') ? word : "\"" + word.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static bool RunAll(IEnumerable<string[]> commands, bool stopOnFailure, TextWriter output, TextWriter error)
    {
        foreach (var command in commands)
        {
            var (exitCode, text) = ServiceShell.Run(output, command[0], command[1..]);
            if (text.Length > 0)
            {
                output.WriteLine(text);
            }

            if (exitCode != 0 && stopOnFailure)
            {
                error.WriteLine($"rhythm: {command[0]} {command[1]} failed ({exitCode})");
                return false;
            }
        }

        return true;
    }

    private static int Done(TextWriter output, string message)
    {
        output.WriteLine(message);
        return ExitCodes.Ok;
    }
}
