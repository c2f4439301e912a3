using System.Runtime.Versioning;
using Rhythm.Host.Cli;
using Rhythm.Jobs.Processes;

namespace Rhythm.Host.Service;

/// <summary>Installs and removes the systemd unit, with the dedicated user it runs as.</summary>
[UnsupportedOSPlatform("windows")]
internal static class SystemdService
{
    // Without this folder systemd is not the init system (a container, WSL without systemd): the unit can be
    // written, but there is no manager to start it.
    private const string RuntimeMarker = "/run/systemd/system";

    private static readonly string[] NoLoginShells = ["/usr/sbin/nologin", "/sbin/nologin"];

    public static int Install(ServiceDefinition service, TextWriter output, TextWriter error)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            error.WriteLine($"rhythm: installing a systemd unit needs root: run 'sudo {string.Join(' ', service.Program)} install --jobs {service.JobsPath}', " +
                "or 'rhythm install --print' to see the unit and install it by hand");
            return ExitCodes.Failed;
        }

        if (!EnsureUser(service, output, error) || !CheckAccess(service, output, error))
        {
            return ExitCodes.Failed;
        }

        var unitPath = SystemdUnit.PathFor(service.Name);
        File.WriteAllText(unitPath, SystemdUnit.Render(service));
        File.SetUnixFileMode(unitPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        output.WriteLine($"wrote {unitPath}");
        if (!Directory.Exists(RuntimeMarker))
        {
            output.WriteLine($"systemd is not running on this machine; once it is: systemctl daemon-reload && systemctl enable --now {service.Name}");
            return ExitCodes.Ok;
        }

        if (InstallSteps(service.Name).Any(arguments => !Systemctl(output, error, arguments)))
        {
            return ExitCodes.Failed;
        }

        output.WriteLine($"'{service.Name}' is installed and running as user '{service.User}'. " +
            $"See it with 'systemctl status {service.Name}', its log with 'journalctl -u {service.Name} -f'.");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// The systemctl calls after the unit is written. <c>enable --now</c> would leave a service that is already running
    /// on its old unit and program, so installing again (a new publish, another gracePeriod) would change nothing
    /// until some later restart; <c>restart</c> starts a stopped service and restarts a running one.
    /// </summary>
    public static IReadOnlyList<string[]> InstallSteps(string name) =>
    [
        ["daemon-reload"],
        ["enable", $"{name}.service"],
        ["restart", $"{name}.service"],
    ];

    public static int Uninstall(string name, TextWriter output, TextWriter error)
    {
        var unitPath = SystemdUnit.PathFor(name);
        if (!File.Exists(unitPath))
        {
            error.WriteLine($"rhythm: no '{name}' service is installed ({unitPath} does not exist)");
            return ExitCodes.Failed;
        }

        if (!Environment.IsPrivilegedProcess)
        {
            error.WriteLine($"rhythm: removing a systemd unit needs root: run 'sudo {string.Join(' ', ThisProgram.Command())} uninstall'");
            return ExitCodes.Failed;
        }

        // Read before the file goes: the closing message names the user to remove.
        var user = SystemdUnit.UserOf(File.ReadAllText(unitPath));

        var systemd = Directory.Exists(RuntimeMarker);
        if (systemd && !Systemctl(output, error, "disable", "--now", $"{name}.service"))
        {
            return ExitCodes.Failed;
        }

        File.Delete(unitPath);
        output.WriteLine($"removed {unitPath}");
        if (systemd && !Systemctl(output, error, "daemon-reload"))
        {
            return ExitCodes.Failed;
        }

        output.WriteLine(user is null
            ? $"'{name}' is stopped and removed. jobs.json, the store and the logs stay."
            : $"'{name}' is stopped and removed. jobs.json, the store, the logs and the user '{user}' stay (the user may own other things; 'userdel {user}' removes it).");
        return ExitCodes.Ok;
    }

    /// <summary>What <see cref="Uninstall"/> runs, for <c>--print</c>.</summary>
    public static IEnumerable<string> UninstallSteps(string name) =>
    [
        $"systemctl disable --now {name}.service",
        $"rm {SystemdUnit.PathFor(name)}",
        "systemctl daemon-reload",
    ];

    private static bool EnsureUser(ServiceDefinition service, TextWriter output, TextWriter error)
    {
        if (ServiceShell.Run(output, "id", "-u", service.User).ExitCode == 0)
        {
            return true;
        }

        var shell = NoLoginShells.FirstOrDefault(File.Exists) ?? "/bin/false";
        var (exitCode, text) = ServiceShell.Run(output, "useradd", "--system", "--user-group", "--no-create-home",
            "--home-dir", service.WorkingDirectory, "--shell", shell, service.User);
        if (exitCode == 0)
        {
            return true;
        }

        error.WriteLine($"rhythm: could not create the user '{service.User}': {text}");
        return false;
    }

    /// <summary>
    /// The service writes its store, logs and control files beside jobs.json; a unit that cannot would only crash
    /// and restart. So the user is granted read and write on the folder with a POSIX ACL, as the Windows service
    /// account is with icacls: the owner and mode bits stay, as the folder may hold other things. Without setfacl
    /// (package acl) install stops and names the commands that fix it.
    /// </summary>
    private static bool CheckAccess(ServiceDefinition service, TextWriter output, TextWriter error)
    {
        var ok = true;
        if (!CanWrite(service, output) && !(Grant(service, output) && CanWrite(service, output)))
        {
            error.WriteLine($"rhythm: the user '{service.User}' cannot write {service.WorkingDirectory}, where the store, the logs and the control files live. " +
                $"Install the acl package (apt install acl) so that install can grant it with setfacl, or run 'chown -R {service.User}: {service.WorkingDirectory}' " +
                "(or pick another --user), then install again.");
            ok = false;
        }

        var program = service.Program[^1];
        if (ServiceShell.Run(output, "runuser", "-u", service.User, "--", "test", "-r", program).ExitCode != 0)
        {
            error.WriteLine($"rhythm: the user '{service.User}' cannot read {program}. Publish Rhythm to a folder every user can read " +
                "(dotnet publish Rhythm.Host -c Release -o /opt/rhythm) and install from there.");
            ok = false;
        }

        return ok;
    }

    private static bool CanWrite(ServiceDefinition service, TextWriter output)
        => ServiceShell.Run(output, "runuser", "-u", service.User, "--", "test", "-w", service.WorkingDirectory).ExitCode == 0;

    /// <summary>Read and write on the folder and everything in it, and the same for what is created there later (the default ACL).</summary>
    public static string[] GrantCommand(ServiceDefinition service)
        => ["setfacl", "-R", "-m", $"u:{service.User}:rwX", "-m", $"d:u:{service.User}:rwX", service.WorkingDirectory];

    private static bool Grant(ServiceDefinition service, TextWriter output)
    {
        var command = GrantCommand(service);
        var (exitCode, text) = ServiceShell.Run(output, command[0], command[1..]);
        if (text.Length > 0)
        {
            output.WriteLine(text);
        }

        return exitCode == 0;
    }

    private static bool Systemctl(TextWriter output, TextWriter error, params string[] arguments)
    {
        var (exitCode, text) = ServiceShell.Run(output, "systemctl", arguments);
        if (exitCode == 0)
        {
            return true;
        }

        error.WriteLine($"rhythm: systemctl {string.Join(' ', arguments)} failed ({exitCode}): {text}");
        return false;
    }
}
