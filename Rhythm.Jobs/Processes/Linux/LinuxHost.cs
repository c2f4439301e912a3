using System.Runtime.Versioning;

namespace Rhythm.Jobs.Processes.Linux;

/// <summary>Facts about the host process that tree ownership compares against, and its one-time set-up.</summary>
[SupportedOSPlatform("linux")]
internal static class LinuxHost
{
    private static readonly Lazy<(bool Ok, int Error)> Subreaper = new(() =>
    {
        var ok = LinuxNative.TryBecomeSubreaper(out var error);
        return (ok, error);
    });

    private static readonly Lazy<string?> SetsidPath = new(() =>
        File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid"
        : File.Exists("/bin/setsid") ? "/bin/setsid"
        : ExecutableSearch.Find("setsid", Environment.GetEnvironmentVariable("PATH")));

    public static int ProcessId { get; } = Environment.ProcessId;

    /// <summary>The host's own session: a process still in it was not started by a step (every step gets a session of its own).</summary>
    public static int SessionId { get; } = ProcFs.TryRead(Environment.ProcessId, out var self) ? self.SessionId : -1;

    /// <summary>
    /// Makes the host a child subreaper (once), so that a step's descendant whose parent exits, a double-forked daemon
    /// included, re-parents to the host instead of init, where the step's sweep can find it and reap it.
    /// </summary>
    /// <returns>0 on success, else the errno of <c>prctl</c>.</returns>
    public static int EnsureSubreaper()
    {
        var (ok, error) = Subreaper.Value;
        return ok ? 0 : error;
    }

    /// <summary>util-linux <c>setsid</c>, which calls setsid() and execs the program in place, or null when missing.</summary>
    public static string? Setsid => SetsidPath.Value;
}
