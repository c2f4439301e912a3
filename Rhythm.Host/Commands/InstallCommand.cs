using System.Text.RegularExpressions;
using Rhythm.Host.Cli;
using Rhythm.Host.Service;

namespace Rhythm.Host.Commands;

/// <summary>
/// <c>rhythm install [--user NAME] [--print]</c>: runs this program on jobs.json as a service, a systemd unit on Linux
/// or a Windows service, under a dedicated account; <c>--print</c> shows what would be installed and changes nothing.
/// </summary>
internal static partial class InstallCommand
{
    public const string DefaultLinuxUser = "rhythm";

    public static int Run(CommandLine line, TextWriter output, TextWriter error)
    {
        var path = JobsFileArgument.Path(line);
        var user = line.Option("user");
        var print = line.Flag("print");
        line.RejectUnknown();
        var file = JobsFileArgument.ReadOrReport(path, error);
        if (file is null)
        {
            return ExitCodes.Invalid;
        }

        if (OperatingSystem.IsWindows())
        {
            user ??= WindowsService.DefaultUser(ServiceDefinition.DefaultName);
            if (!WindowsService.IsPasswordless(user))
            {
                throw new UsageException($@"--user on Windows takes an account without a password (NT SERVICE\NAME, NT AUTHORITY\LocalService, LocalSystem), not '{user}'; set another account in services.msc");
            }

            var service = ServiceDefinition.For(file, path, user);
            if (print)
            {
                foreach (var command in WindowsService.InstallCommands(service))
                {
                    output.WriteLine(ServiceShell.Display(command[0], command[1..]));
                }

                return ExitCodes.Ok;
            }

            return WindowsService.Install(service, output, error);
        }

        if (OperatingSystem.IsLinux())
        {
            user ??= DefaultLinuxUser;
            if (!UserName().IsMatch(user))
            {
                throw new UsageException($"--user must be a Linux user name (lower-case letters, digits, '_' and '-', at most 32), not '{user}'");
            }

            var service = ServiceDefinition.For(file, path, user);
            if (print)
            {
                output.Write(SystemdUnit.Render(service));
                return ExitCodes.Ok;
            }

            return SystemdService.Install(service, output, error);
        }

        error.WriteLine("rhythm: install knows systemd (Linux) and Windows services; elsewhere, have the service manager run 'rhythm run --jobs PATH'");
        return ExitCodes.Failed;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_-]{0,31}$")]
    private static partial Regex UserName();
}
