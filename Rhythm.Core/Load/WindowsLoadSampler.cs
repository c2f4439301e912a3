using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Rhythm.Load;

/// <summary>Samples Windows through two kernel32 calls: no WMI, no performance counters, no child processes.</summary>
[SupportedOSPlatform("windows")]
internal sealed partial class WindowsLoadSampler : ILoadSampler
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private CpuDelta _cpu;

    public WindowsLoadSampler(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    public LoadSample Sample()
    {
        lock (_gate)
        {
            if (!GetSystemTimes(out var idle, out var kernel, out var user))
            {
                throw new Win32Exception(Marshal.GetLastPInvokeError(), "Rhythm cannot measure CPU load: GetSystemTimes failed.");
            }

            var memory = new MemoryStatus { Length = (uint)Marshal.SizeOf<MemoryStatus>() };
            if (!GlobalMemoryStatusEx(ref memory))
            {
                throw new Win32Exception(Marshal.GetLastPInvokeError(), "Rhythm cannot measure memory: GlobalMemoryStatusEx failed.");
            }

            // Kernel time includes the idle time.
            var total = kernel + user;
            var cpu = _cpu.Next(total - idle, total);

            // AvailPhys counts the standby list, so cache the system can drop counts as free.
            var used = memory.TotalPhys > memory.AvailPhys ? memory.TotalPhys - memory.AvailPhys : 0;
            var memoryPercent = memory.TotalPhys == 0 ? 0 : Math.Clamp(100.0 * used / memory.TotalPhys, 0, 100);
            return new LoadSample(_time.GetUtcNow(), cpu, memoryPercent);
        }
    }

    // FILETIME is two little-endian 32-bit halves, so a ulong has the same bytes.
    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool GetSystemTimes(out ulong idle, out ulong kernel, out ulong user);

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool GlobalMemoryStatusEx(ref MemoryStatus buffer);

    // MEMORYSTATUSEX
    [StructLayout(LayoutKind.Sequential)]
    private struct MemoryStatus
    {
        public uint Length;
        public uint MemoryLoad;
        public ulong TotalPhys;
        public ulong AvailPhys;
        public ulong TotalPageFile;
        public ulong AvailPageFile;
        public ulong TotalVirtual;
        public ulong AvailVirtual;
        public ulong AvailExtendedVirtual;
    }
}
