using NLog;
using NLog.Config;
using NLog.Targets;

namespace Rhythm.Host.Logging;

/// <summary>Loads NLog.config beside the program and points its log folder at the jobs.json folder.</summary>
internal static class NLogSetup
{
    /// <param name="jobsDirectory">The folder of jobs.json; the rolling file goes to its <c>logs</c>.</param>
    /// <param name="toJournal">
    /// The console is systemd's journal (see <see cref="StdoutIsJournal"/>): each console line then starts with its
    /// syslog priority, so that <c>journalctl -p warning</c> finds warnings and errors, and leaves out the timestamp
    /// the journal records itself. The file keeps its full lines either way.
    /// </param>
    public static LoggingConfiguration Configure(string jobsDirectory, bool toJournal = false)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "NLog.config");
        var configuration = new XmlLoggingConfiguration(path);
        configuration.Variables["logDir"] = Path.Combine(jobsDirectory, "logs");
        if (toJournal && configuration.FindTargetByName<ConsoleTarget>("console") is { } console
            && configuration.Variables.TryGetValue("journalLine", out var journalLine))
        {
            console.Layout = journalLine;
        }

        LogManager.Configuration = configuration;
        return configuration;
    }

    /// <summary>
    /// Whether standard output is connected to the journal: systemd sets <c>JOURNAL_STREAM</c> to the device and inode
    /// of the stream it connected, and a redirected stdout (a unit running <c>rhythm run &gt; file</c>) no longer is it.
    /// </summary>
    public static bool StdoutIsJournal()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("JOURNAL_STREAM") is not { } stream)
        {
            return false;
        }

        try
        {
            return IsStream(stream, new FileInfo("/proc/self/fd/1").LinkTarget);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Whether <paramref name="journalStream"/> (<c>DEVICE:INODE</c>) names the socket <paramref name="stdoutLink"/> points at (<c>socket:[INODE]</c>).</summary>
    internal static bool IsStream(string journalStream, string? stdoutLink)
    {
        var separator = journalStream.IndexOf(':', StringComparison.Ordinal);
        var inode = separator < 0 ? string.Empty : journalStream[(separator + 1)..];
        return inode.Length > 0 && inode.All(char.IsAsciiDigit) && stdoutLink == $"socket:[{inode}]";
    }
}
