using System.Runtime.InteropServices;

namespace Rhythm.Scenarios.Common;

/// <summary>The signals the harness sends: a polite stop, as systemd or Ctrl+C would, and a hard kill.</summary>
internal static partial class Native
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    public static void Signal(int pid, int signal) => _ = Kill(pid, signal);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
