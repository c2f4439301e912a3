using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.WindowsServices;
using Microsoft.Extensions.Logging;
using NLog.Extensions.Logging;
using Rhythm.Host.Cli;
using Rhythm.Host.Control;
using Rhythm.Host.Logging;
using Rhythm.Jobs;
using Rhythm.Store;

namespace Rhythm.Host.Commands;

/// <summary><c>rhythm run [--dry-run]</c>: the schedule in the foreground (or as a systemd / Windows service) until stopped.</summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(CommandLine line, TextWriter error)
    {
        var path = JobsFileArgument.Path(line);
        var dryRun = line.Flag("dry-run");
        line.RejectUnknown();
        var problems = new StringWriter();
        var file = JobsFileArgument.ReadOrReport(path, problems);
        error.Write(problems);
        if (file is null)
        {
            LogForWindowsService(path, $"{problems}the service cannot start until jobs.json is fixed");
            return ExitCodes.Invalid;
        }

        // A store in use by another host, or one that is not Rhythm's, is refused before the log opens: the one
        // message goes to stderr, not also through the hosting error path into the log file (which a first host
        // may be writing, and two writers would garble). The engine checks both again for good when it starts.
        try
        {
            new RhythmStore(file.StorePath).Read(_ => true, () => true);
            StoreLock.Acquire(file.StorePath, _ => { }).Dispose();
        }
        catch (Exception exception) when (exception is StoreUnusableException or StoreInUseException)
        {
            LogForWindowsService(path, exception.Message);
            throw;
        }

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = file.BaseDirectory,

            // Everything the host reads comes from jobs.json and NLog.config. The defaults would add appsettings*.json,
            // environment and command-line configuration, console/debug/event-source loggers beside NLog, and a
            // recursive watch on the jobs.json folder for appsettings changes that wakes on every log and store
            // write: about 70 ms of start-up and a thread for nothing.
            DisableDefaults = true,
        });
        builder.Logging.AddNLog(NLogSetup.Configure(file.BaseDirectory, NLogSetup.StdoutIsJournal()));
        builder.Services.AddSystemd();
        builder.Services.AddWindowsService(o => o.ServiceName = "rhythm");
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = file.Rhythm.GracePeriod + TimeSpan.FromSeconds(15));
        builder.Services
            .AddRhythm(o =>
            {
                o.JobsFile = path;
                o.DryRun = dryRun;
            })
            .AddRhythmJobs();

        // Registered after the engine: it starts once the schedule runs, and stops first, before the engine does.
        builder.Services.AddHostedService<ControlServer>();

        using var host = builder.Build();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        try
        {
            try
            {
                await host.StartAsync();
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                // Stopped (SIGTERM, Ctrl+C, the service manager) while still starting: the host cancels what is
                // starting, and the parts that did start are stopped below like a normal stop, not left to disposal.
            }

            // Returns once the host has been asked to stop and every service has stopped.
            await host.WaitForShutdownAsync();
            return ExitCodes.Ok;
        }
        finally
        {
            NLog.LogManager.Shutdown();
        }
    }

    /// <summary>
    /// A Windows service's stderr goes nowhere: why it could not start is written to the log beside jobs.json,
    /// where its operator looks. Elsewhere stderr is enough (the terminal, or systemd's journal).
    /// </summary>
    private static void LogForWindowsService(string path, string text)
    {
        if (!WindowsServiceHelpers.IsWindowsService())
        {
            return;
        }

        NLogSetup.Configure(System.IO.Path.GetDirectoryName(path)!);
        var logger = NLog.LogManager.GetLogger("Rhythm.Host");
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            logger.Error(line);
        }

        NLog.LogManager.Shutdown();
    }
}
