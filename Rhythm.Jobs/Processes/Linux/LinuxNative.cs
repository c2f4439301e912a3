using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Rhythm.Jobs.Processes.Linux;

[SupportedOSPlatform("linux")]
internal static partial class LinuxNative
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int NoSuchProcess = 3;   // ESRCH
    public const int NoChild = 10;        // ECHILD

    private const int WaitNoHang = 1;     // WNOHANG
    private const int SetChildSubreaper = 36; // PR_SET_CHILD_SUBREAPER

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillNative(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPidNative(int pid, out int status, int options);

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int PrctlNative(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    /// <summary>Sends a signal; a negative id addresses a whole process group. Returns false when nothing received it.</summary>
    public static bool Signal(int pid, int signal) => KillNative(pid, signal) == 0;

    /// <summary>Reaps one exited child without blocking. Never call it for a child .NET's Process started.</summary>
    public static bool TryReap(int pid) => WaitPidNative(pid, out _, WaitNoHang) == pid;

    /// <summary>Makes this process the reaper of orphaned descendants instead of init.</summary>
    public static bool TryBecomeSubreaper(out int error)
    {
        var ok = PrctlNative(SetChildSubreaper, 1, 0, 0, 0) == 0;
        error = ok ? 0 : Marshal.GetLastPInvokeError();
        return ok;
    }
}
