namespace Rhythm.Store;

/// <summary>Another Rhythm engine is already running on the same store; this one does not start.</summary>
public sealed class StoreInUseException : Exception
{
    internal StoreInUseException(string storePath, string lockPath)
        : base($"{storePath} is in use by another Rhythm host (it holds {lockPath}). Two hosts on one store would run every group twice: stop the other one, or give this one its own \"store\" in jobs.json's \"rhythm\" section.")
    {
        StorePath = storePath;
    }

    /// <summary>The store's full path.</summary>
    public string StorePath { get; }
}
