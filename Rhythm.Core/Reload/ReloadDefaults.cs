namespace Rhythm.Reload;

/// <summary>Named defaults for watching jobs.json.</summary>
internal static class ReloadDefaults
{
    /// <summary>
    /// How long the file must stay quiet before it is read: an editor's save is several events (truncate, write,
    /// rename, attribute change) within a few milliseconds, and one save must mean one reload.
    /// </summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(500);
}
