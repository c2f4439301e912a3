namespace Rhythm.Model;

/// <summary>The bounds jobs.json is held to, named so that messages, the schema and the tests agree.</summary>
internal static class JobsFileLimits
{
    /// <summary>A hand-written jobs.json is a few kilobytes; anything near this is a wrong file or an attack.</summary>
    public const int MaxFileBytes = 4 * 1024 * 1024;

    /// <summary>jobs.json needs six levels at most (a <c>with</c> object can add a few); deeper input only costs stack.</summary>
    public const int MaxDepth = 64;

    /// <summary>Names become Quartz keys and file names, and both have length limits of their own.</summary>
    public const int MaxNameLength = 80;

    /// <summary>Past this many the rest are counted, not stored: nobody reads the thousandth message.</summary>
    public const int MaxProblems = 100;

    /// <summary>Spelling suggestions compare against every candidate; past this many they are skipped to stay fast.</summary>
    public const int MaxSuggestionCandidates = 1000;

    /// <summary>How many names a "Known groups: ..." list shows before "and N more".</summary>
    public const int MaxListedNames = 20;

    /// <summary>How much of a value a message quotes.</summary>
    public const int MaxQuotedLength = 60;

    /// <summary>A cron expression longer than this is not something a person wrote.</summary>
    public const int MaxCronLength = 256;

    /// <summary>The fewest groups that may run at once.</summary>
    public const int MinConcurrency = 1;

    /// <summary>The most groups that may run at once; more would defeat the point of a calm rhythm.</summary>
    public const int MaxConcurrency = 64;

    /// <summary>
    /// The shortest <c>sampleEvery</c>: each sample reads /proc (or the Windows counters) and writes a metric row,
    /// and samples closer together than this measure scheduler noise rather than load.
    /// </summary>
    public static readonly TimeSpan MinSampleEvery = TimeSpan.FromSeconds(1);

    /// <summary>How many samples <c>window</c> must span at least, so that no single sample decides the band.</summary>
    public const int MinSamplesPerWindow = 2;

    /// <summary>
    /// The shortest <c>every</c> and <c>minEvery</c>. Below a second on purpose: the process-hygiene and crash tests
    /// drive real hosts with groups every 250 ms to stress start-up and clean-up, and that must stay expressible.
    /// Shorter than this, a group spends its time starting processes and writing history.
    /// </summary>
    public static readonly TimeSpan MinEvery = TimeSpan.FromMilliseconds(100);

    /// <summary>The smallest <c>idleFactor</c>: 0.1 turns 10m into 1m; anything smaller turns a rhythm into a busy loop.</summary>
    public const double MinIdleFactor = 0.1;

    /// <summary>The largest <c>busyFactor</c>: 10 turns 10m into 100m; beyond that a busy machine all but stops the schedule.</summary>
    public const double MaxBusyFactor = 10;
}
