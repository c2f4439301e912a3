namespace Rhythm.Status;

/// <summary>One group as <c>rhythm status</c> shows it.</summary>
public sealed record GroupStatus
{
    /// <summary>The group's name.</summary>
    public required string Name { get; init; }

    /// <summary>The schedule as written (<c>every 10m</c>, <c>daily at 03:00</c>, <c>cron ...</c>).</summary>
    public required string Schedule { get; init; }

    /// <summary>critical, high, medium or low.</summary>
    public required string Priority { get; init; }

    /// <summary>The groups it runs after.</summary>
    public IReadOnlyList<string> After { get; init; } = [];

    /// <summary>scheduled, running, waiting, paused, disabled or not-scheduled (the host has not applied the file yet).</summary>
    public required string State { get; init; }

    /// <summary>When it fires next, if scheduled.</summary>
    public DateTimeOffset? NextFireAt { get; init; }

    /// <summary>How its last run ended, if it ran.</summary>
    public string? LastOutcome { get; init; }

    /// <summary>When its last run started.</summary>
    public DateTimeOffset? LastStartedAt { get; init; }

    /// <summary>When it last succeeded.</summary>
    public DateTimeOffset? LastSucceededAt { get; init; }

    /// <summary>When its latest due time was skipped to relieve the machine, if that is the newest entry in its history.</summary>
    public DateTimeOffset? LastSkippedAt { get; init; }

    /// <summary>Why that due time was skipped (<c>skipped: memory 67 % &gt; 60 %</c>).</summary>
    public string? SkipReason { get; init; }

    /// <summary>What it waits for, when waiting.</summary>
    public string? WaitingFor { get; init; }

    /// <summary>The interval jobs.json gives, for <c>every</c> groups.</summary>
    public TimeSpan? BaseInterval { get; init; }

    /// <summary>The interval in force now (stretched or shrunk by the load), for <c>every</c> groups.</summary>
    public TimeSpan? CurrentInterval { get; init; }

    /// <summary>Why the current interval is what it is (<c>busy: CPU 78 %, x1.5</c>).</summary>
    public string? IntervalReason { get; init; }
}
