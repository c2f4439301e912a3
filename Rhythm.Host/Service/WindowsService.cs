using System.Runtime.Versioning;
using System.ServiceProcess;
using Rhythm.Host.Cli;
using Rhythm.Host.Control;

namespace Rhythm.Host.Service;

/// <summary>Installs and removes the Windows service with <c>sc.exe</c>, running as its own virtual account.</summary>
/// <remarks>
/// A virtual account (<c>NT SERVICE\rhythm</c>) is Windows' dedicated per-service identity: no password to manage,
/// and it owns nothing but what it is granted, here modify rights on the jobs.json folder. The failure actions
/// restart the service after 5 s, 5 s and then 60 s when its process ends without reporting a stop (a crash, or a
/// start-up that fails), as systemd's Restart=on-failure does; <c>failureflag</c> would add stops reported with a
/// non-zero service exit code, which the host, stopping only when asked, never reports.
/// </remarks>
internal static class WindowsService
{
    /// <summary>
    /// The host is running within a second or two of <c>sc.exe start</c>; a host that cannot start (a folder it
    /// cannot write, a port it cannot bind) has stopped again well within this.
    /// </summary>
    public static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Uninstall does not read jobs.json, so it does not know the grace period; this outlasts any sensible one. A
    /// service deleted while still stopping stays "marked for deletion", and a new install fails until it is gone.
    /// </summary>
    public static readonly TimeSpan StopLimit = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan ScheduleCheckInterval = TimeSpan.FromMilliseconds(250);

    public static string DefaultUser(string name) => $@"NT SERVICE\{name}";

    /// <summary>The accounts <c>sc.exe</c> can set without a password.</summary>
    public static bool IsPasswordless(string user)
        => user.StartsWith(@"NT SERVICE\", StringComparison.OrdinalIgnoreCase)
            || user.StartsWith(@"NT AUTHORITY\", StringComparison.OrdinalIgnoreCase)
            || user.Equals("LocalSystem", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The account as icacls can resolve it: the service manager's names for the built-in service accounts
    /// (<c>LocalSystem</c>, <c>NT AUTHORITY\LocalService</c>) are not account names, so those go by SID.
    /// </summary>
    public static string GrantName(string user) => user.ToUpperInvariant() switch
    {
        "LOCALSYSTEM" or @"NT AUTHORITY\SYSTEM" => "*S-1-5-18",
        @"NT AUTHORITY\LOCALSERVICE" or @"NT AUTHORITY\LOCAL SERVICE" => "*S-1-5-19",
        @"NT AUTHORITY\NETWORKSERVICE" or @"NT AUTHORITY\NETWORK SERVICE" => "*S-1-5-20",
        _ => user,
    };

    public static IReadOnlyList<string[]> InstallCommands(ServiceDefinition service)
    {
        var binPath = string.Join(' ', service.CommandLine.Select(QuoteForBinPath));
        return
        [
            ["sc.exe", "create", service.Name, "binPath=", binPath, "start=", "auto", "obj=", service.User, "DisplayName=", "Rhythm"],
            ["sc.exe", "description", service.Name, $"Rhythm job orchestration for {service.JobsPath}"],
            ["sc.exe", "failure", service.Name, "reset=", "86400", "actions=", "restart/5000/restart/5000/restart/60000"],
            ["sc.exe", "failureflag", service.Name, "1"],
            ["icacls", service.WorkingDirectory, "/grant", $"{GrantName(service.User)}:(OI)(CI)M"],

            // A virtual account reads only what it is granted: a program published under a user's profile would
            // fail to start with "access denied".
            ["icacls", FolderOf(service.Program[^1]), "/grant", $"{GrantName(service.User)}:(OI)(CI)RX"],
            ["sc.exe", "start", service.Name],
        ];
    }

    /// <summary>
    /// The description and the restart policy refine a service that runs without them: when one is refused (an
    /// older or partial <c>sc.exe</c>, such as Wine's, has no <c>failureflag</c>), install says so and goes on.
    /// </summary>
    public static bool IsRefinement(string[] command)
        => command[0] == "sc.exe" && command[1] is "description" or "failure" or "failureflag";

    public static IReadOnlyList<string[]> UninstallCommands(string name) =>
    [
        ["sc.exe", "stop", name],
        ["sc.exe", "delete", name],
    ];

    [SupportedOSPlatform("windows")]
    public static int Install(ServiceDefinition service, TextWriter output, TextWriter error)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            error.WriteLine("rhythm: installing a Windows service needs an elevated prompt (Run as administrator)");
            return ExitCodes.Failed;
        }

        return Install(service, new ServiceManager(), output, error);
    }

    public static int Install(ServiceDefinition service, IServiceManager manager, TextWriter output, TextWriter error)
    {
        var installing = DateTimeOffset.UtcNow;
        var created = false;
        foreach (var command in InstallCommands(service))
        {
            var exitCode = Run(manager, command, output);
            if (exitCode == 0)
            {
                created |= command[1] == "create";
                continue;
            }

            if (IsRefinement(command))
            {
                error.WriteLine($"rhythm: warning: {command[0]} {command[1]} failed ({exitCode}); the service is installed without it");
                continue;
            }

            error.WriteLine($"rhythm: {command[0]} {command[1]} failed ({exitCode})");
            return HalfInstalled(service.Name, created, error);
        }

        // sc.exe start returns as soon as the service is starting; a host that fails at once would still look installed.
        var failure = manager.WaitFor(service.Name, ServiceState.Running, StartLimit) ?? WaitForSchedule(service, manager, installing, error);
        if (failure is not null)
        {
            error.WriteLine($"rhythm: '{service.Name}' did not start: {failure}; see {Path.Combine(service.WorkingDirectory, "logs")}");
            return HalfInstalled(service.Name, created, error);
        }

        output.WriteLine($"'{service.Name}' is installed and running as {service.User}; see it in services.msc, its log in {Path.Combine(service.WorkingDirectory, "logs")}");
        return ExitCodes.Ok;
    }

    [SupportedOSPlatform("windows")]
    public static int Uninstall(string name, TextWriter output, TextWriter error)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            error.WriteLine("rhythm: removing a Windows service needs an elevated prompt (Run as administrator)");
            return ExitCodes.Failed;
        }

        return Uninstall(name, new ServiceManager(), output, error);
    }

    public static int Uninstall(string name, IServiceManager manager, TextWriter output, TextWriter error)
    {
        var commands = UninstallCommands(name);

        // Stopping fails when the service is already stopped; deleting is what must succeed.
        if (Run(manager, commands[0], output) == 0)
        {
            output.WriteLine($"waiting for '{name}' to stop (running steps get their grace period)");
            if (manager.WaitFor(name, ServiceState.Stopped, StopLimit) is { } still)
            {
                error.WriteLine($"rhythm: warning: '{name}' {still}; it is deleted once it stops");
            }
        }

        var exitCode = Run(manager, commands[1], output);
        if (exitCode != 0)
        {
            error.WriteLine($"rhythm: {commands[1][0]} {commands[1][1]} failed ({exitCode})");
            return ExitCodes.Failed;
        }

        output.WriteLine($"'{name}' is removed. jobs.json, the store and the logs stay.");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// The service manager reports a .NET service running as soon as the host takes the start, before it has opened
    /// its store; the control announcement, written once the schedule runs, is the sign that it is really up. A host
    /// that stops on the way (a store in use, a folder it cannot write) is a failed install. One still running
    /// without an announcement has its schedule but no control endpoint (it logs why): installed, with a warning.
    /// </summary>
    private static string? WaitForSchedule(ServiceDefinition service, IServiceManager manager, DateTimeOffset since, TextWriter error)
    {
        var announcement = ControlFiles.AnnouncementPath(service.JobsPath);
        var deadline = DateTime.UtcNow + StartLimit;
        while (true)
        {
            if (ControlFiles.ReadAnnouncement(announcement) is { } current && current.StartedAt >= since)
            {
                return null;
            }

            if (manager.IsStopped(service.Name))
            {
                return "it stopped again before its schedule ran";
            }

            if (DateTime.UtcNow >= deadline)
            {
                error.WriteLine($"rhythm: warning: '{service.Name}' runs but has not announced its control endpoint after {StartLimit.TotalSeconds:0} s; " +
                    $"trigger, pause and resume will not reach it until it does (see {Path.Combine(service.WorkingDirectory, "logs")})");
                return null;
            }

            Thread.Sleep(ScheduleCheckInterval);
        }
    }

    /// <summary>The folder of a Windows path, by Windows' rules wherever the commands are put together (<c>C:\</c>, not <c>C:</c>, for a drive's root).</summary>
    private static string FolderOf(string path)
    {
        var folder = path[..Math.Max(path.LastIndexOfAny(['\\', '/']), 0)];
        return folder.EndsWith(':') ? folder + "\\" : folder;
    }

    /// <summary>Runs one command and passes on what it printed; returns its exit code.</summary>
    private static int Run(IServiceManager manager, string[] command, TextWriter output)
    {
        var (exitCode, text) = manager.Run(output, command[0], command[1..]);
        if (text.Length > 0)
        {
            output.WriteLine(text);
        }

        return exitCode;
    }

    /// <summary>sc.exe stores binPath as one command line: paths with spaces need their own quotes inside it.</summary>
    private static string QuoteForBinPath(string word)
        => word.Length > 0 && !word.Any(c => char.IsWhiteSpace(c) || c == '"') ? word : "\"" + word.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static int HalfInstalled(string name, bool created, TextWriter error)
    {
        if (created)
        {
            // sc.exe create refuses a service that exists, so a second install would fail on the first step.
            error.WriteLine($"rhythm: the service '{name}' exists but is not running; run 'rhythm uninstall' before installing again");
        }

        return ExitCodes.Failed;
    }
}

/// <summary>What install and uninstall need from Windows: its tools, and the state the service manager reports.</summary>
internal interface IServiceManager
{
    (int ExitCode, string Output) Run(TextWriter log, string program, string[] arguments);

    /// <summary>Waits until the service is in <paramref name="wanted"/>; returns <see langword="null"/> then, or what went wrong.</summary>
    string? WaitFor(string name, ServiceState wanted, TimeSpan limit);

    /// <summary>Whether the service is stopped (or gone) right now.</summary>
    bool IsStopped(string name);
}

/// <summary>The two settled states install and uninstall wait for.</summary>
internal enum ServiceState
{
    Running,
    Stopped,
}

[SupportedOSPlatform("windows")]
internal sealed class ServiceManager : IServiceManager
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public (int ExitCode, string Output) Run(TextWriter log, string program, string[] arguments) => ServiceShell.Run(log, program, arguments);

    public bool IsStopped(string name) => WaitFor(name, ServiceState.Stopped, TimeSpan.Zero) is null;

    public string? WaitFor(string name, ServiceState wanted, TimeSpan limit)
    {
        var target = wanted == ServiceState.Running ? ServiceControllerStatus.Running : ServiceControllerStatus.Stopped;
        using var controller = new ServiceController(name);
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            ServiceControllerStatus status;
            try
            {
                controller.Refresh();
                status = controller.Status;
            }
            catch (InvalidOperationException exception)
            {
                // A service that no longer exists has stopped as surely as one that reports it.
                return wanted == ServiceState.Stopped ? null : exception.Message;
            }

            if (status == target)
            {
                return null;
            }

            if (wanted == ServiceState.Running && status == ServiceControllerStatus.Stopped)
            {
                return "it stopped again at once";
            }

            if (DateTime.UtcNow >= deadline)
            {
                return $"is still {status} after {limit.TotalSeconds:0} s";
            }

            Thread.Sleep(PollInterval);
        }
    }
}
