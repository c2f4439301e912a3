namespace Rhythm.Model;

/// <summary>
/// Every key jobs.json accepts, per level. The reader refuses anything else, and a test checks that
/// jobs.schema.json names exactly these, so the reader and the schema cannot drift apart.
/// </summary>
internal static class JobsFileKeys
{
    public static readonly KeySet Root = new("the top level", ["$schema", "rhythm", "adaptive", "groups"]);

    public static readonly KeySet Rhythm = new(
        "the 'rhythm' section",
        ["store", "maxConcurrency", "sampleEvery", "memoryPressure", "cpuPressure", "keepMetrics", "keepHistory", "gracePeriod"]);

    public static readonly KeySet Adaptive = new(
        "the 'adaptive' section",
        ["enabled", "idleBelowCpu", "busyAboveCpu", "idleFactor", "busyFactor", "hysteresis", "window"]);

    public static readonly KeySet Group = new(
        "a group",
        ["name", "every", "at", "cron", "after", "priority", "enabled", "adaptive", "minEvery", "maxEvery", "steps"]);

    public static readonly KeySet Step = new(
        "a step",
        ["name", "run", "args", "cwd", "env", "timeout", "continueOnError", "successCodes", "with"]);
}

/// <summary>The keys one JSON object in jobs.json may have.</summary>
/// <param name="Owner">What the object is, for messages: "a group", "the 'rhythm' section".</param>
/// <param name="Names">The keys, in the order the documentation lists them.</param>
internal sealed record KeySet(string Owner, IReadOnlyList<string> Names)
{
    public bool Contains(string key) => Names.Contains(key, StringComparer.Ordinal);
}
