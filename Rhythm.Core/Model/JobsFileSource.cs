using System.Globalization;
using System.Security;

namespace Rhythm.Model;

/// <summary>Loads the bytes of a jobs.json, turning every way that can fail into a problem.</summary>
internal static class JobsFileSource
{
    public static byte[]? Load(string path, ProblemList problems, out string fullPath)
    {
        fullPath = path;
        if (string.IsNullOrWhiteSpace(path))
        {
            problems.Add(string.Empty, "no file was named. Pass the path of a jobs.json.");
            return null;
        }

        try
        {
            fullPath = Path.GetFullPath(path);
            if (Directory.Exists(fullPath))
            {
                problems.Add(string.Empty, $"{MessageText.Quote(fullPath)} is a folder, not a file. Pass the path of the jobs.json inside it, such as {MessageText.Quote(Path.Combine(path, "jobs.json"))}.");
                return null;
            }

            var info = new FileInfo(fullPath);
            if (!info.Exists)
            {
                problems.Add(string.Empty, $"the file does not exist (looked for {MessageText.Quote(fullPath)}). Check the path and the current folder.");
                return null;
            }

            if (info.Length > JobsFileLimits.MaxFileBytes)
            {
                problems.Add(string.Empty, TooLarge(info.Length));
                return null;
            }

            // Read no more than the limit even when the size lied (a device, a file still growing, /proc).
            using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            var buffer = new byte[Math.Min(JobsFileLimits.MaxFileBytes + 1, Math.Max(info.Length + 1, 4096))];
            var total = 0;
            while (total < buffer.Length)
            {
                var read = stream.Read(buffer, total, buffer.Length - total);
                if (read == 0)
                {
                    break;
                }

                total += read;
                if (total == buffer.Length && buffer.Length <= JobsFileLimits.MaxFileBytes)
                {
                    Array.Resize(ref buffer, Math.Min(JobsFileLimits.MaxFileBytes + 1, buffer.Length * 2));
                }
            }

            if (total > JobsFileLimits.MaxFileBytes)
            {
                problems.Add(string.Empty, TooLarge(null));
                return null;
            }

            return buffer.AsSpan(0, total).ToArray();
        }
        catch (UnauthorizedAccessException)
        {
            problems.Add(string.Empty, $"the file cannot be read: permission denied for {MessageText.Quote(fullPath)}. Check its permissions.");
        }
        catch (IOException exception)
        {
            problems.Add(string.Empty, $"the file cannot be read: {MessageText.Printable(exception.Message, 300)}");
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or SecurityException)
        {
            problems.Add(string.Empty, $"{MessageText.Quote(path)} is not a usable path: {MessageText.Printable(exception.Message, 300)}");
        }

        return null;
    }

    public static string TooLarge(long? bytes)
    {
        var size = bytes is { } b ? string.Create(CultureInfo.InvariantCulture, $" ({b / 1024.0 / 1024.0:0.#} MiB)") : string.Empty;
        return $"the file is too large{size}; a jobs.json may be at most {JobsFileLimits.MaxFileBytes / 1024 / 1024} MiB. Is this the right file?";
    }
}
