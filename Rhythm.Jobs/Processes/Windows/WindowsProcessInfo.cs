using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace Rhythm.Jobs.Processes.Windows;

/// <summary>What Windows tells about a process that is not ours: its parent, start time and command line.</summary>
[SupportedOSPlatform("windows")]
internal static class WindowsProcessInfo
{
    /// <summary>Opens a process for reading (and more, with <paramref name="access"/>); null when it is gone or not ours to open.</summary>
    public static SafeProcessHandle? Open(int processId, uint access = 0)
    {
        var handle = WindowsNative.OpenProcess(WindowsNative.ProcessQueryLimitedInformation | access, inherit: false, processId);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            return null;
        }

        return handle;
    }

    /// <summary>The start time as UTC ticks, as <see cref="ProcessTree.ReadStartTime"/> records it; 0 when unknown.</summary>
    public static long StartTicks(SafeProcessHandle process) =>
        WindowsNative.GetProcessTimes(process, out var creation, out _, out _, out _) ? DateTime.FromFileTimeUtc(creation).Ticks : 0;

    /// <summary>Whether it still runs: an ended process keeps its id and start time while anyone holds a handle to it.</summary>
    public static bool IsRunning(SafeProcessHandle process) =>
        WindowsNative.GetExitCodeProcess(process, out var code) && code == WindowsNative.StillActive;

    /// <summary>The id of the process that started it (which may since have ended, and its id been reused); 0 when unknown.</summary>
    public static unsafe int ParentId(SafeProcessHandle process)
    {
        ProcessBasicInformation info;
        var status = WindowsNative.NtQueryInformationProcess(process, WindowsNative.ProcessBasicInformationClass, &info,
            (uint)sizeof(ProcessBasicInformation), out _);
        return status == 0 ? (int)info.InheritedFromUniqueProcessId : 0;
    }

    /// <summary>The command line as the process was given it; empty when it cannot be read.</summary>
    public static unsafe string CommandLine(SafeProcessHandle process)
    {
        // The answer is a UNICODE_STRING whose text follows it in the same buffer.
        var length = 1024u;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var buffer = new byte[length];
            int status;
            uint needed;
            fixed (byte* start = buffer)
            {
                status = WindowsNative.NtQueryInformationProcess(process, WindowsNative.ProcessCommandLineInformationClass, start, length, out needed);
                if (status == 0)
                {
                    var text = (UnicodeString*)start;
                    return text->Buffer == 0 ? string.Empty : new string((char*)text->Buffer, 0, text->Length / sizeof(char));
                }
            }

            if (status != WindowsNative.StatusInfoLengthMismatch || needed <= length)
            {
                return string.Empty;
            }

            length = needed;
        }

        return string.Empty;
    }

    /// <summary>UNICODE_STRING.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct UnicodeString
    {
        public ushort Length;
        public ushort MaximumLength;
        public nint Buffer;
    }
}
