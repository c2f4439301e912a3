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
/// A stop first raises Ctrl+C on the step's console (through <see cref="StepInterruptHelper"/>), waits the grace
/// period for the job to empty, then terminates the job. The process is assigned right after Process.Start, so a
/// child it spawns within those first instants (before the interpreter has even loaded) would not be in the job.
/// </remarks>
[SupportedOSPlatform("windows")]
internal sealed class WindowsProcessTree : ProcessTree
{
    private readonly Process _root;
    private readonly SafeJobHandle _job;
    private readonly ProcessTracker _tracker;
    private readonly ILogger _logger;

    private WindowsProcessTree(Process root, SafeJobHandle job, ProcessTracker tracker, ILogger logger)
    {
        _root = root;
        _job = job;
        _tracker = tracker;
        _logger = logger;
        tracker.AddJob(job);
    }

    /// <summary>The step's tree in a new Job Object; without one (the OS refused it), .NET's own tree kill.</summary>
    public static ProcessTree Adopt(Process root, ProcessTracker tracker, ILogger logger)
    {
        var job = WindowsNative.CreateJobObject(0, 0);
        if (job.IsInvalid)
        {
            logger.JobObjectUnavailable(Marshal.GetLastPInvokeError());
            job.Dispose();
            return new PortableProcessTree(root);
        }

        var limits = new WindowsNative.ExtendedLimitInformation();
        limits.BasicLimitInformation.LimitFlags = WindowsNative.LimitKillOnJobClose;
        if (!WindowsNative.SetInformationJobObject(job, WindowsNative.JobObjectExtendedLimitInformation, ref limits,
                (uint)Marshal.SizeOf<WindowsNative.ExtendedLimitInformation>())
            || !WindowsNative.AssignProcessToJobObject(job, root.SafeHandle))
        {
            logger.JobObjectUnavailable(Marshal.GetLastPInvokeError());
            job.Dispose();
            return new PortableProcessTree(root);
        }

        return new WindowsProcessTree(root, job, tracker, logger);
    }

    public override IReadOnlyList<int> Running()
    {
        if (JobProcessIds() is { } ids)
        {
            // The console host that serves the step's console joins the job too; it ends with the console's last
            // client and is not the step's.
            return ids.Where(IsLiveStepProcess).ToList();
        }

        var active = WindowsNative.QueryInformationJobObject(_job, WindowsNative.JobObjectBasicAccountingInformation, out var info,
            (uint)Marshal.SizeOf<WindowsNative.BasicAccountingInformation>(), 0)
            ? (int)info.ActiveProcesses
            : 0;

        // Without the list the job still knows how many processes it holds; the root's id stands for all of them.
        return active == 0 ? [] : Enumerable.Repeat(_root.Id, active).ToList();
    }

    public override async Task<int> StopAsync(TimeSpan grace, TimeProvider time)
    {
        var left = Running();
        if (left.Count > 0 && grace > TimeSpan.Zero)
        {
            // The helper's start counts against the grace period: a stop takes no longer than on Linux.
            var started = time.GetTimestamp();
            _logger.InterruptingTree(left.Count, grace);
            if (await StepInterruptHelper.SendAsync(left, grace, time, _logger).ConfigureAwait(false))
            {
                left = await WaitGoneAsync(grace - time.GetElapsedTime(started), time).ConfigureAwait(false);
            }
        }

        WindowsNative.TerminateJobObject(_job, 1);
        return left.Count;
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
            _tracker.RemoveJob(_job);
            _job.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The ids of the job's live processes, or null when the job will not list them.</summary>
    private unsafe List<int>? JobProcessIds()
    {
        // JOBOBJECT_BASIC_PROCESS_ID_LIST: two DWORD counts, then ULONG_PTR ids (at offset 8 on 32 and 64 bits).
        const int header = 8;
        var capacity = 32;
        while (true)
        {
            var buffer = new byte[header + (capacity * IntPtr.Size)];
            bool listed;
            fixed (byte* start = buffer)
            {
                listed = WindowsNative.QueryProcessIdList(_job, WindowsNative.JobObjectBasicProcessIdList, start, (uint)buffer.Length, 0);
            }

            var assigned = BitConverter.ToInt32(buffer, 0);
            if (!listed)
            {
                if (Marshal.GetLastPInvokeError() == WindowsNative.ErrorMoreData && assigned > capacity && capacity < 65536)
                {
                    capacity = assigned * 2;
                    continue;
                }

                return null;
            }

            var count = BitConverter.ToInt32(buffer, 4);
            var ids = new List<int>(count);
            for (var i = 0; i < count; i++)
            {
                var offset = header + (i * IntPtr.Size);
                ids.Add(IntPtr.Size == 8 ? (int)BitConverter.ToInt64(buffer, offset) : BitConverter.ToInt32(buffer, offset));
            }

            return ids;
        }
    }

    private static bool IsLiveStepProcess(int processId)
    {
        // Gone since the job listed it, or the console host.
        using var process = WindowsProcessInfo.Open(processId);
        return process is not null && WindowsProcessInfo.IsRunning(process)
            && !WindowsProcessInfo.ImageName(process).Equals("conhost.exe", StringComparison.OrdinalIgnoreCase);
    }
}
