using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;

namespace Rhythm.Jobs.Processes.Windows;

/// <summary>
/// A step's tree on Windows: a Job Object with KILL_ON_JOB_CLOSE. Every process the step starts joins the job, and
/// the job dies with its last handle, so even a crash of the host leaves nothing running.
/// </summary>
/// <remarks>
/// Windows has no SIGTERM for a console process that does not share the host's console, and
/// GenerateConsoleCtrlEvent would also hit the host and every other step on a shared console, so the grace period
/// is skipped: stopping terminates the job at once. The process is assigned right after Process.Start, so a
/// child it spawns within those first instants (before the interpreter has even loaded) would not be in the job.
/// </remarks>
[SupportedOSPlatform("windows")]
internal sealed class WindowsProcessTree : ProcessTree
{
    private readonly Process _root;
    private readonly SafeJobHandle? _job;

    private WindowsProcessTree(Process root, SafeJobHandle? job)
    {
        _root = root;
        _job = job;
    }

    public static WindowsProcessTree Adopt(Process root, ILogger logger)
    {
        var job = WindowsNative.CreateJobObject(0, 0);
        if (job.IsInvalid)
        {
            logger.JobObjectUnavailable(Marshal.GetLastPInvokeError());
            job.Dispose();
            return new WindowsProcessTree(root, null);
        }

        var limits = new WindowsNative.ExtendedLimitInformation();
        limits.BasicLimitInformation.LimitFlags = WindowsNative.LimitKillOnJobClose;
        if (!WindowsNative.SetInformationJobObject(job, WindowsNative.JobObjectExtendedLimitInformation, ref limits,
                (uint)Marshal.SizeOf<WindowsNative.ExtendedLimitInformation>())
            || !WindowsNative.AssignProcessToJobObject(job, root.SafeHandle))
        {
            logger.JobObjectUnavailable(Marshal.GetLastPInvokeError());
            job.Dispose();
            return new WindowsProcessTree(root, null);
        }

        return new WindowsProcessTree(root, job);
    }

    public override IReadOnlyList<int> Running()
    {
        if (_job is null)
        {
            return _root.HasExited ? [] : [_root.Id];
        }

        var active = WindowsNative.QueryInformationJobObject(_job, WindowsNative.JobObjectBasicAccountingInformation, out var info,
            (uint)Marshal.SizeOf<WindowsNative.BasicAccountingInformation>(), 0)
            ? (int)info.ActiveProcesses
            : 0;

        // The job knows how many processes it holds, not which; the root's id stands for all of them.
        return active == 0 ? [] : Enumerable.Repeat(_root.Id, active).ToList();
    }

    public override Task StopAsync(TimeSpan grace, TimeProvider time)
    {
        if (_job is not null)
        {
            WindowsNative.TerminateJobObject(_job, 1);
            return Task.CompletedTask;
        }

        try
        {
            _root.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // Already exited, or exiting.
        }

        return Task.CompletedTask;
    }

    public override async Task<IReadOnlyList<int>> WaitGoneAsync(TimeSpan limit, TimeProvider time)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var left = Running();
            if (left.Count == 0 || time.GetElapsedTime(started) >= limit)
            {
                return left;
            }

            await Task.Delay(PollInterval, time).ConfigureAwait(false);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _job?.Dispose();
        }

        base.Dispose(disposing);
    }
}
