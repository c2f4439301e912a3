using System.Runtime.Versioning;
using System.Security.AccessControl;
using System.Security.Principal;
using System.Text.Json;
using Rhythm.Host.Cli;

namespace Rhythm.Host.Control;

/// <summary>
/// Where a host announces its control endpoint and keeps its token: beside the jobs.json it runs, named after it
/// (<c>jobs.json</c> gives <c>jobs.control.json</c> and <c>jobs.control.token</c>).
/// </summary>
/// <remarks>
/// The CLI finds a host from <c>--jobs PATH</c> alone, without reading that file: an operator must be able to pause a
/// group precisely when the file on disk is broken or missing and the host has rejected it.
/// </remarks>
internal static class ControlFiles
{
    public static string AnnouncementPath(string jobsPath) => Path.ChangeExtension(Path.GetFullPath(jobsPath), ".control.json");

    public static string TokenPath(string jobsPath) => Path.ChangeExtension(Path.GetFullPath(jobsPath), ".control.token");

    /// <summary>Writes the token so that only the current user can read it: mode 0600 on Unix; on Windows an ACL for that user, with read for Administrators and SYSTEM.</summary>
    /// <remarks>The file is created with its final permissions and then renamed into place, so no reader ever sees it open.</remarks>
    public static void WriteToken(string path, string token)
    {
        var temporary = Temporary(path);
        try
        {
            if (OperatingSystem.IsWindows())
            {
                WriteProtectedWindows(temporary, token);
            }
            else
            {
                var owner = new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                };
                using var stream = new FileStream(temporary, owner);
                using var writer = new StreamWriter(stream);
                writer.Write(token);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static void WriteAnnouncement(string path, ControlAnnouncement announcement)
    {
        var temporary = Temporary(path);
        try
        {
            File.WriteAllText(temporary, JsonSerializer.Serialize(announcement, JsonOutput.Options));
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The announcement, or <see langword="null"/> when there is none or it cannot be read.</summary>
    public static ControlAnnouncement? ReadAnnouncement(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<ControlAnnouncement>(File.ReadAllText(path), JsonOutput.Options);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Removes the files if they are still this process's: a second host started on the same file must keep its own.</summary>
    public static void RemoveIfOwn(string jobsPath, int pid)
    {
        var announcementPath = AnnouncementPath(jobsPath);
        if (ReadAnnouncement(announcementPath) is { } announcement && announcement.Pid == pid)
        {
            File.Delete(announcementPath);
            File.Delete(announcement.TokenFile);
        }
    }

    private static string Temporary(string path) => $"{path}.{Environment.ProcessId}.tmp";

    [SupportedOSPlatform("windows")]
    private static void WriteProtectedWindows(string path, string token)
    {
        // Inherited entries are dropped so that the folder's readers (Users, say) get nothing. Administrators (in an
        // elevated prompt) and SYSTEM may read it, as root may on Linux: nobody can log on as a service's virtual
        // account, so without them nobody could steer the service.
        var security = new FileSecurity();
        security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
        using var identity = WindowsIdentity.GetCurrent();
        security.AddAccessRule(new FileSystemAccessRule(identity.User!, FileSystemRights.FullControl, AccessControlType.Allow));
        foreach (var reader in new[] { WellKnownSidType.BuiltinAdministratorsSid, WellKnownSidType.LocalSystemSid })
        {
            security.AddAccessRule(new FileSystemAccessRule(new SecurityIdentifier(reader, null), FileSystemRights.Read, AccessControlType.Allow));
        }

        using var stream = new FileInfo(path).Create(FileMode.CreateNew, FileSystemRights.Write | FileSystemRights.ReadPermissions, FileShare.None, 4096, FileOptions.None, security);
        using var writer = new StreamWriter(stream);
        writer.Write(token);
    }
}
