using System.Security.Cryptography;

namespace Rhythm.Reload;

/// <summary>A hash of a file's bytes, to tell a real change from an editor touching the file again.</summary>
internal static class FileFingerprint
{
    /// <summary>The hex SHA-256 of the file, or <see langword="null"/> when it is missing or cannot be read.</summary>
    public static string? Of(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return Convert.ToHexString(SHA256.HashData(stream));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
