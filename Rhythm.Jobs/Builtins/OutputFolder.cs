using System.Text;
using System.Text.RegularExpressions;
using Rhythm.Steps;

namespace Rhythm.Jobs.Builtins;

/// <summary>A folder a built-in step writes dated files to, plus a copy of the newest under a fixed name.</summary>
/// <remarks>
/// Files are written to a temporary name and moved into place, so a script reading <c>latest.json</c> or a browser
/// showing <c>latest.html</c> never sees half a file. Only files whose names the step itself would write are ever
/// pruned; anything else a user keeps in the folder is left alone.
/// </remarks>
/// <param name="path">The full path of the folder.</param>
/// <param name="owned">Matches the names of the dated files the step writes, so that pruning touches nothing else.</param>
internal sealed class OutputFolder(string path, Regex owned)
{
    public string Path { get; } = path;

    /// <summary>The folder <paramref name="folder"/> (relative to the jobs.json folder unless absolute).</summary>
    public static string Resolve(StepContext context, string folder) =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(context.File.BaseDirectory, folder));

    /// <summary>Reads a file of the folder, or <see langword="null"/> when it is missing or unreadable.</summary>
    public async Task<string?> TryReadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(System.IO.Path.Combine(Path, name), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes <paramref name="text"/> as <paramref name="name"/> and as <paramref name="latest"/>; returns the dated file's path.</summary>
    public async Task<string> WriteAsync(string name, string latest, string text, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path);
        var target = System.IO.Path.Combine(Path, name);
        await WriteAtomicallyAsync(target, text, cancellationToken).ConfigureAwait(false);
        await WriteAtomicallyAsync(System.IO.Path.Combine(Path, latest), text, cancellationToken).ConfigureAwait(false);
        return target;
    }

    /// <summary>Deletes the oldest dated files beyond the newest <paramref name="keep"/>; returns how many it deleted.</summary>
    /// <remarks>The dated names sort in time order, so the name is the age; file times change when files are copied.</remarks>
    public int Prune(int keep)
    {
        if (!Directory.Exists(Path))
        {
            return 0;
        }

        var dated = Directory.EnumerateFiles(Path)
            .Where(f => owned.IsMatch(System.IO.Path.GetFileName(f)))
            .Order(StringComparer.Ordinal)
            .ToList();
        var deleted = 0;
        foreach (var file in dated.Take(Math.Max(0, dated.Count - keep)))
        {
            try
            {
                File.Delete(file);
                deleted++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Someone has it open (a browser on Windows); it goes next time.
            }
        }

        return deleted;
    }

    private static async Task WriteAtomicallyAsync(string path, string text, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, text, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }
}
