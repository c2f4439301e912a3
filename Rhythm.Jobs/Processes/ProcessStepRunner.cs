using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Rhythm.Jobs.Builtins;
using Rhythm.Jobs.Processes.Linux;
using Rhythm.Model;
using Rhythm.Steps;

namespace Rhythm.Jobs.Processes;

/// <summary>
/// Runs a step whose <c>run</c> is a program or script: picks the interpreter, starts it without a shell, logs its
/// output, and owns its whole process tree, so that nothing it started outlives the step.
/// </summary>
internal sealed class ProcessStepRunner(ProcessTracker tracker, IProcessLedger ledger, TimeProvider time) : IRhythmStep
{
    // Reaping the tree's orphans while a long step runs keeps ended grandchildren from piling up as zombies.
    private static readonly TimeSpan ReapEvery = TimeSpan.FromSeconds(5);

    // How long the tree may take to vanish after it was killed, and the output to close after that.
    private static readonly TimeSpan GoneLimit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan OutputCloseLimit = TimeSpan.FromSeconds(2);

    public async ValueTask<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var step = context.Step;
        var logger = context.Logger;
        var environment = StepEnvironment.Build(step.Env, logger);
        if (!CommandResolver.TryResolve(step.Run, step.Args, context.File.BaseDirectory, environment.SearchPath, out var command, out var error))
        {
            return StepOutcome.Failure(error);
        }

        var display = environment.Redactor.Redact(command.Display);
        if (context.DryRun)
        {
            logger.WouldRun(display);
            return StepOutcome.Success("would run: " + display);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return new StepOutcome(StepStatus.Cancelled, "cancelled before it started");
        }

        if (!Directory.Exists(context.WorkingDirectory))
        {
            return StepOutcome.Failure($"working directory not found: {context.WorkingDirectory}");
        }

        return await RunAsync(context, command, display, environment, cancellationToken).ConfigureAwait(false);
    }

    private async Task<StepOutcome> RunAsync(StepContext context, ResolvedCommand command, string display,
        StepEnvironment environment, CancellationToken cancellationToken)
    {
        var logger = context.Logger;
        var process = new Process { StartInfo = CreateStartInfo(context, command, environment, tracker.NewTreeId(), logger) };
        TrackedStep tracked;
        lock (tracker.StartGate)
        {
            try
            {
                process.Start();
            }
            catch (Win32Exception ex)
            {
                process.Dispose();
                return StepOutcome.Failure($"could not start {display}: {ex.Message}");
            }

            tracked = new TrackedStep(context.Group.Name, context.Step.Name, process.Id, ProcessTree.ReadStartTime(process),
                process.StartInfo.Environment[StepEnvironment.TreeVariable]!);
            tracker.Add(tracked);
        }

        var tree = ProcessTree.Adopt(process, tracked, tracker, logger);
        var settled = false;
        try
        {
            logger.Started(process.Id, display);
            var record = new ProcessRecord(process.Id, tracked.StartedAt, tracked.Group, tracked.Step, Environment.ProcessId);
            Ledger(logger, "add to", () => ledger.Add(record));

            // Nothing reads the step's stdin: closing it makes a script that waits for input see end-of-file, not hang.
            process.StandardInput.Close();
            var output = new OutputCapture(logger, environment.Redactor);
            var pumps = Task.WhenAll(
                output.PumpAsync(process.StandardOutput.BaseStream, isError: false),
                output.PumpAsync(process.StandardError.BaseStream, isError: true));

            var outcome = await WaitAsync(context, process, tree, cancellationToken).ConfigureAwait(false);

            var left = await tree.WaitGoneAsync(GoneLimit, time).ConfigureAwait(false);
            if (left.Count > 0)
            {
                logger.StopIncomplete(string.Join(", ", left.Distinct()));
            }

            try
            {
                await pumps.WaitAsync(OutputCloseLimit, time, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                logger.OutputStillOpen();
            }

            output.LogUnloggedLines();

            if (left.Count == 0)
            {
                Ledger(logger, "remove from", () => ledger.Remove(record.ProcessId, record.StartedAt));
            }

            settled = true;
            return outcome with { OutputTail = output.Tail };
        }
        finally
        {
            if (!settled)
            {
                // Something failed half-way: the step's processes must not outlive it for that.
                await tree.StopAsync(TimeSpan.Zero, time).ConfigureAwait(false);
                await WaitForRootAsync(process).ConfigureAwait(false);
            }

            tree.Dispose();
            Release(process, tracked);
        }
    }

    /// <summary>Forgets the step once .NET has reaped its root, and not before: the sweep must never reap .NET's own child.</summary>
    private void Release(Process process, TrackedStep tracked)
    {
        if (process.HasExited)
        {
            tracker.Remove(tracked);
            process.Dispose();
            return;
        }

        // Only a root stuck in uninterruptible I/O gets here; it stays tracked until it finally exits.
        _ = ForgetWhenExitedAsync(process, tracked);
    }

    private async Task ForgetWhenExitedAsync(Process process, TrackedStep tracked)
    {
        using (process)
        {
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            tracker.Remove(tracked);
        }
    }

    private async Task<StepOutcome> WaitAsync(StepContext context, Process process, ProcessTree tree, CancellationToken cancellationToken)
    {
        var step = context.Step;
        var grace = context.File.Rhythm.GracePeriod;
        using var timeout = step.Timeout is { } limit ? new CancellationTokenSource(limit, time) : new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var ticks = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            var exited = process.WaitForExitAsync(stop.Token);
            while (await Task.WhenAny(exited, Task.Delay(ReapEvery, time, ticks.Token)).ConfigureAwait(false) != exited
                && !stop.IsCancellationRequested)
            {
                tree.ReapOrphans();
            }

            await ticks.CancelAsync().ConfigureAwait(false);
            await exited.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            var stopping = time.GetTimestamp();
            var killed = await tree.StopAsync(grace, time).ConfigureAwait(false);
            await WaitForRootAsync(process).ConfigureAwait(false);
            var took = time.GetElapsedTime(stopping).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s"
                + (killed == 0 ? string.Empty : $"; {BuiltinText.Count(killed, "process")} killed when the {Durations.Format(grace)} grace period ended");
            var exitCode = process.HasExited ? process.ExitCode : (int?)null;
            return cancellationToken.IsCancellationRequested
                ? new StepOutcome(StepStatus.Cancelled, $"cancelled (stopped after {took})", exitCode)
                : new StepOutcome(StepStatus.TimedOut, $"timed out after {Durations.Format(step.Timeout!.Value)} (stopped after {took})", exitCode);
        }

        // The main process is done; anything it left running is stopped the same way a timeout would.
        var leftovers = tree.Running();
        if (leftovers.Count > 0)
        {
            context.Logger.StoppingLeftovers(leftovers.Count);
            await tree.StopAsync(grace, time).ConfigureAwait(false);
        }

        return step.SuccessCodes.Contains(process.ExitCode)
            ? new StepOutcome(StepStatus.Succeeded, null, process.ExitCode)
            : new StepOutcome(StepStatus.Failed, $"exited with code {process.ExitCode}", process.ExitCode);
    }

    private async Task WaitForRootAsync(Process process)
    {
        // The root was killed with the tree; it can only outlive this if stuck in uninterruptible I/O.
        using var limit = new CancellationTokenSource(GoneLimit, time);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static ProcessStartInfo CreateStartInfo(StepContext context, ResolvedCommand command, StepEnvironment environment,
        string treeId, ILogger logger)
    {
        var info = new ProcessStartInfo
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = context.WorkingDirectory,
        };

        var setsid = OperatingSystem.IsLinux() ? PrepareLinux(logger) : null;
        if (setsid is not null)
        {
            // setsid execs the program in place (a fresh child is never a group leader), so the pid .NET sees is the
            // program's, and it leads a new session and group that kill(-pid) reaches as a whole.
            info.FileName = setsid;
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(command.FileName);
        }
        else
        {
            info.FileName = command.FileName;
        }

        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment.Variables)
        {
            info.Environment[name] = value;
        }

        info.Environment[StepEnvironment.TreeVariable] = treeId;
        info.Environment[StepEnvironment.StoreVariable] = context.File.StorePath;
        info.Environment[StepEnvironment.GroupVariable] = context.Group.Name;
        info.Environment[StepEnvironment.StepVariable] = context.Step.Name;
        return info;
    }

    private static string? PrepareLinux(ILogger logger)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var error = LinuxHost.EnsureSubreaper();
        if (error != 0)
        {
            logger.SubreaperUnavailable(error);
        }

        var setsid = LinuxHost.Setsid;
        if (setsid is null)
        {
            logger.SetsidMissing();
        }

        return setsid;
    }

    private static void Ledger(ILogger logger, string action, Action call)
    {
        // The ledger only helps a later host clean up after a crash; a failing store must not fail or orphan the step.
        try
        {
            call();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LedgerFailed(ex, action);
        }
    }
}
