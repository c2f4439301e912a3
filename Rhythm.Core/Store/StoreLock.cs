namespace Rhythm.Store;

/// <summary>
/// An exclusive lock on a lock file beside the store, held while an engine runs on it, so that a second host
/// started on the same store (the same jobs.json, run twice by mistake) refuses to start instead of running every
/// group twice. The operating system drops the lock when the process ends, however it ends.
/// </summary>
internal sealed class StoreLock : IDisposable
{
    private readonly FileStream? _file;

    private StoreLock(FileStream? file) => _file = file;

    /// <summary>The lock file beside <paramref name="storePath"/>.</summary>
    public static string PathFor(string storePath) => storePath + ".lock";

    /// <summary>Takes the lock, or throws <see cref="StoreInUseException"/> when another engine holds it.</summary>
    /// <param name="storePath">The store's full path.</param>
    /// <param name="unavailable">Told why no lock could be taken when that is not another engine's doing (a read-only folder, say); the engine then runs unguarded rather than not at all.</param>
    public static StoreLock Acquire(string storePath, Action<string> unavailable)
    {
        var path = PathFor(storePath);
        try
        {
            // FileShare.None is an exclusive, non-blocking flock on Unix and a sharing lock on Windows.
            return new StoreLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            throw new StoreInUseException(storePath, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            unavailable($"{path}: {e.Message}");
            return new StoreLock(null);
        }
    }

    public void Dispose() => _file?.Dispose();

    // EWOULDBLOCK from flock (11 on Linux, 35 on macOS); ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION on Windows.
    private static bool IsHeldElsewhere(IOException e) => e.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);
}
