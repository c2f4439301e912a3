using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Rhythm.Jobs.Processes;
using Rhythm.Jobs.Processes.Windows;
using Rhythm.Model;

namespace Rhythm.Jobs;

/// <summary>
/// Windows' stand-in for SIGTERM to a step: Ctrl+C on the step's own console, so that its processes get
/// <see cref="Model.RhythmSettings.GracePeriod"/> to finish before their Job Object is terminated.
/// </summary>
/// <remarks>
/// Only a process attached to a console can raise Ctrl+C on it, and a process has one console at a time: the host
/// would have to leave its own (and its service or terminal output with it). So the program that hosts Rhythm runs
/// itself again, briefly, as the one that attaches and sends. A program opts in by calling
/// <see cref="TryRun(IReadOnlyList{string}, out int)"/> first thing in its <c>Main</c>; without that, or when the
/// helper cannot reach the console, a stop on Windows terminates the step's job at once. Linux needs none of this.
/// </remarks>
public static class StepInterruptHelper
{
    /// <summary>The first argument that makes the program act as the helper; the process ids to try follow it.</summary>
    internal const string Verb = "--rhythm-interrupt-console";

    private const int Sent = 0;
    private const int NoConsole = 3;
    private const int NotSent = 4;

    // Long enough for a cold start of the program on a loaded machine; a shorter grace period caps it.
    private static readonly TimeSpan HelperLimit = TimeSpan.FromSeconds(10);

    private static volatile bool _available;

    /// <summary>
    /// Acts as the helper when <paramref name="args"/> asks for it; otherwise notes that this program can be its own
    /// helper and returns <see langword="false"/> for <c>Main</c> to go on as usual.
    /// </summary>
    /// <param name="args">The program's command-line arguments, as <c>Main</c> received them.</param>
    /// <param name="exitCode">When acting as the helper, the code <c>Main</c> should return.</param>
    /// <returns><see langword="true"/> when this process was started as the helper and has done its work.</returns>
    public static bool TryRun(IReadOnlyList<string> args, out int exitCode)
    {
        ArgumentNullException.ThrowIfNull(args);
        exitCode = 0;
        if (args.Count == 0 || args[0] != Verb)
        {
            if (OperatingSystem.IsWindows())
            {
                // Whoever started the host may have left it ignoring Ctrl+C (a new process group does); steps would
                // inherit that and sit out every grace period.
                WindowsNative.SetConsoleCtrlHandler(0, add: false);
            }

            _available = true;
            return false;
        }

        if (!OperatingSystem.IsWindows())
        {
            Console.Error.WriteLine($"{Verb} raises Ctrl+C on a Windows console; this is not Windows");
            exitCode = NoConsole;
            return true;
        }

        exitCode = Interrupt(args.Skip(1));
        return true;
    }

    /// <summary>Whether the running program can act as the helper (it called <see cref="TryRun"/>).</summary>
    internal static bool IsAvailable => _available && OperatingSystem.IsWindows();

    /// <summary>
    /// Raises Ctrl+C on the console of the first of <paramref name="processIds"/> that has one; true when sent. The
    /// helper gets at most <paramref name="limit"/> (the grace period it is part of, and never more than 10 s).
    /// </summary>
    internal static async Task<bool> SendAsync(IReadOnlyList<int> processIds, TimeSpan limit, TimeProvider time, ILogger logger)
    {
        if (!IsAvailable || processIds.Count == 0)
        {
            return false;
        }

        var command = ThisProgram.Command();
        var info = new ProcessStartInfo(command[0]) { UseShellExecute = false, CreateNoWindow = true };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add(Verb);
        foreach (var id in processIds.Distinct())
        {
            info.ArgumentList.Add(id.ToString(CultureInfo.InvariantCulture));
        }

        try
        {
            using var helper = Process.Start(info)!;
            var allowed = limit < HelperLimit ? limit : HelperLimit;
            using var deadline = new CancellationTokenSource(allowed, time);
            try
            {
                await helper.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                try
                {
                    helper.Kill();
                }
                catch (InvalidOperationException)
                {
                    // It finished in the meantime; too late all the same.
                }

                logger.InterruptFailed($"the helper did not finish within {Durations.Format(allowed)}");
                return false;
            }

            if (helper.ExitCode == Sent)
            {
                return true;
            }

            logger.InterruptFailed(helper.ExitCode == NoConsole
                ? "none of its processes has a console to attach to"
                : $"the helper exited with code {helper.ExitCode}");
            return false;
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            logger.InterruptFailed($"the helper could not be started: {ex.Message}");
            return false;
        }
    }

    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
    private static int Interrupt(IEnumerable<string> processIds)
    {
        // The helper was started with a console of its own; it must leave it to attach to the step's.
        WindowsNative.FreeConsole();
        foreach (var id in processIds)
        {
            if (uint.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && WindowsNative.AttachConsole(pid))
            {
                // Ctrl+C reaches every process on the console, this one too: it alone ignores it.
                WindowsNative.SetConsoleCtrlHandler(0, add: true);
                var sent = WindowsNative.GenerateConsoleCtrlEvent(WindowsNative.CtrlCEvent, 0);
                WindowsNative.FreeConsole();
                return sent ? Sent : NotSent;
            }
        }

        return NoConsole;
    }
}
