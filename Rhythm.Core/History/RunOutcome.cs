namespace Rhythm.History;

/// <summary>How a group run (or a fire that did not become a run) ended.</summary>
public enum RunOutcome
{
    /// <summary>The run has started and not yet ended.</summary>
    Running,

    /// <summary>Every step succeeded (or failed with <c>continueOnError</c>).</summary>
    Succeeded,

    /// <summary>A step failed.</summary>
    Failed,

    /// <summary>A step outlived its timeout.</summary>
    TimedOut,

    /// <summary>The host stopped the run while shutting down.</summary>
    Cancelled,

    /// <summary>The host died during the run; found and marked at the next start.</summary>
    Interrupted,

    /// <summary>The group was due but a dependency had not succeeded since its previous run.</summary>
    Waiting,

    /// <summary>The group was due but was shed under memory or CPU pressure.</summary>
    Skipped,
}
