namespace Rhythm.History;

/// <summary>One row of run history: a group run, or a fire that waited or was skipped.</summary>
public sealed record RunRecord
{
    /// <summary>The history id.</summary>
    public required long Id { get; init; }

    /// <summary>The group.</summary>
    public required string Group { get; init; }

    /// <summary>Why it fired.</summary>
    public required RunCause Cause { get; init; }

    /// <summary>When it was due.</summary>
    public DateTimeOffset? ScheduledAt { get; init; }

    /// <summary>When it started (or was held or skipped).</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it ended; <see langword="null"/> while running.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>How it ended.</summary>
    public required RunOutcome Outcome { get; init; }

    /// <summary>Why it waited, was skipped, or failed.</summary>
    public string? Reason { get; init; }

    /// <summary>The steps that ran, in order.</summary>
    public IReadOnlyList<StepRecord> Steps { get; init; } = [];
}

/// <summary>One step of a recorded run.</summary>
public sealed record StepRecord
{
    /// <summary>The step's name.</summary>
    public required string Name { get; init; }

    /// <summary>When it started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>How it ended: succeeded, failed, timed-out or cancelled.</summary>
    public required string Outcome { get; init; }

    /// <summary>The process exit code, if any.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The step's one-line message.</summary>
    public string? Message { get; init; }

    /// <summary>The last part of its output.</summary>
    public string? OutputTail { get; init; }
}
