namespace Rhythm.Reload;

/// <summary>What one look at jobs.json did.</summary>
internal enum ReloadOutcome
{
    /// <summary>The bytes are the ones last seen; nothing to do.</summary>
    Unchanged,

    /// <summary>The file was valid and is now the running schedule.</summary>
    Applied,

    /// <summary>The file was invalid or missing; the last good schedule keeps running.</summary>
    Rejected,
}
