using Rhythm.Host.Cli;
using Rhythm.Host.Commands;
using Rhythm.Jobs;
using Rhythm.Model;
using Rhythm.Store;

namespace Rhythm.Host;

internal static class Program
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "json", "csv", "dry-run", "force", "all", "help", "print" };

    public static async Task<int> Main(string[] args)
    {
        if (StepInterruptHelper.TryRun(args, out var helperExit))
        {
            return helperExit;
        }

        var output = Console.Out;
        var error = Console.Error;
        try
        {
            var line = CommandLine.Parse(args, Flags);
            if (line.Flag("help") || line.Verb is "help")
            {
                output.Write(Usage.Text);
                return ExitCodes.Ok;
            }

            return line.Verb switch
            {
                "run" => await RunCommand.RunAsync(line, error),
                "validate" => ValidateCommand.Run(line, output, error),
                "status" => StatusCommand.Run(line, output, error),
                "history" => HistoryCommand.Run(line, output, error),
                "metrics" => MetricsCommand.Run(line, output, error),
                "simulate" => await SimulateCommand.RunAsync(line, output, error),
                "trigger" => await TriggerCommand.RunAsync(line, output, error),
                "pause" => await PauseCommand.RunAsync(line, output, error),
                "resume" => await ResumeCommand.RunAsync(line, output, error),
                "install" => InstallCommand.Run(line, output, error),
                "uninstall" => UninstallCommand.Run(line, output, error),
                _ => throw new UsageException($"unknown verb '{line.Verb}'"),
            };
        }
        catch (UsageException exception)
        {
            error.WriteLine($"rhythm: {exception.Message}");
            error.Write(Usage.Text);
            return ExitCodes.Invalid;
        }
        catch (JobsFileException exception)
        {
            error.WriteLine(exception.Message);
            return ExitCodes.Invalid;
        }
        catch (StoreInUseException exception)
        {
            error.WriteLine($"rhythm: {exception.Message}");
            return ExitCodes.Failed;
        }
        catch (StoreUnusableException exception)
        {
            // A data problem a restart cannot fix: exit 2 keeps systemd's Restart=on-failure from looping on it.
            error.WriteLine($"rhythm: {exception.Message}");
            return ExitCodes.Invalid;
        }
    }
}
