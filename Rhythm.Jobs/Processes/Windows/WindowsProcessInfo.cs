using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace Rhythm.Jobs.Processes.Windows;

/// <summary>What Windows tells about a process that is not ours: its parent, start time and command line.</summary>
[SupportedOSPlatform("windows")]
internal static class WindowsProcessInfo
{
    /// <summary>What <see cref="CommandLine"/> needs beyond the limited query rights: PROCESS_QUERY_INFORMATION and PROCESS_VM_READ.</summary>
    public const uint CommandLineAccess = 0x0400 | 0x0010;

    // PEB.ProcessParameters and RTL_USER_PROCESS_PARAMETERS.CommandLine (winternl.h), for 64 and 32 bits.
    private static readonly int ParametersOffset = IntPtr.Size == 8 ? 0x20 : 0x10;
    private static readonly int CommandLineOffset = IntPtr.Size == 8 ? 0x70 : 0x40;

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

    /// <summary>The file name of its program (<c>conhost.exe</c>); empty when it cannot be read.</summary>
    public static unsafe string ImageName(SafeProcessHandle process)
    {
        var buffer = new char[1024];
        var length = (uint)buffer.Length;
        fixed (char* start = buffer)
        {
            return WindowsNative.QueryFullProcessImageName(process, 0, start, ref length)
                ? Path.GetFileName(new string(buffer, 0, (int)length))
                : string.Empty;
        }
    }

    /// <summary>Whether it still runs: an ended process keeps its id and start time while anyone holds a handle to it.</summary>
    public static bool IsRunning(SafeProcessHandle process) =>
        WindowsNative.GetExitCodeProcess(process, out var code) && code == WindowsNative.StillActive;

    /// <summary>
    /// What the kernel tells of every process: its parent's id (<c>InheritedFromUniqueProcessId</c>, which may since
    /// have ended and its id been reused) and where its PEB is, for <see cref="CommandLine"/>. False when unreadable.
    /// </summary>
    public static unsafe bool TryBasicInformation(SafeProcessHandle process, out ProcessBasicInformation info)
    {
        info = default;
        fixed (ProcessBasicInformation* start = &info)
        {
            return WindowsNative.NtQueryInformationProcess(process, WindowsNative.ProcessBasicInformationClass, start,
                (uint)sizeof(ProcessBasicInformation), out _) == 0;
        }
    }

    /// <summary>
    /// The command line as the process was given it; empty when it cannot be read (the handle needs
    /// <see cref="CommandLineAccess"/>).
    /// </summary>
    /// <remarks>
    /// Read from the process's own memory, through the PEB and its RTL_USER_PROCESS_PARAMETERS as winternl.h lays
    /// them out, as every version of Windows (and Wine) allows; the newer ProcessCommandLineInformation query is
    /// missing from Wine, where these paths are exercised.
    /// </remarks>
    public static unsafe string CommandLine(SafeProcessHandle process, in ProcessBasicInformation info)
    {
        if (info.PebBaseAddress == 0)
        {
            return string.Empty;
        }

        nint parameters;
        UnicodeString text;
        if (!WindowsNative.ReadProcessMemory(process, info.PebBaseAddress + ParametersOffset, &parameters, (nuint)sizeof(nint), out _)
            || !WindowsNative.ReadProcessMemory(process, parameters + CommandLineOffset, &text, (nuint)sizeof(UnicodeString), out _)
            || text.Length == 0 || text.Buffer == 0)
        {
            return string.Empty;
        }

        var chars = new char[text.Length / sizeof(char)];
        fixed (char* start = chars)
        {
            return WindowsNative.ReadProcessMemory(process, text.Buffer, start, text.Length, out _) ? new string(chars) : string.Empty;
        }
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
