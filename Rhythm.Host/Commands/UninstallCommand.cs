using Rhythm.Host.Cli;
using Rhythm.Host.Service;

namespace Rhythm.Host.Commands;

/// <summary><c>rhythm uninstall [--print]</c>: stops and removes the service <c>rhythm install</c> created; data stays.</summary>
internal static class UninstallCommand
{
    public static int Run(CommandLine line, TextWriter output, TextWriter error)
    {
        var print = line.Flag("print");
        line.RejectUnknown();
        var name = ServiceDefinition.DefaultName;
        if (OperatingSystem.IsWindows())
        {
            if (print)
            {
                foreach (var command in WindowsService.UninstallCommands(name))
                {
                    output.WriteLine(ServiceShell.Display(command[0], command[1..]));
                }

                return ExitCodes.Ok;
            }

            return WindowsService.Uninstall(name, output, error);
        }

        if (OperatingSystem.IsLinux())
        {
            if (print)
            {
                foreach (var step in SystemdService.UninstallSteps(name))
                {
                    output.WriteLine(step);
                }

                return ExitCodes.Ok;
            }

            return SystemdService.Uninstall(name, output, error);
        }

        error.WriteLine("rhythm: uninstall knows systemd (Linux) and Windows services");
        return ExitCodes.Failed;
    }
}
