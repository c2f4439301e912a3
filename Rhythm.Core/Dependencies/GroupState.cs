namespace Rhythm.Dependencies;

/// <summary>What the engine remembers about a group between runs and across restarts.</summary>
internal sealed record GroupState
{
    public required string Group { get; init; }

    public DateTimeOffset? LastStartedAt { get; init; }

    public DateTimeOffset? LastSucceededAt { get; init; }

    public string? LastOutcome { get; init; }

    public DateTimeOffset? WaitingSince { get; init; }

    public string? WaitingReason { get; init; }

    public TimeSpan? BaseInterval { get; init; }

    public TimeSpan? CurrentInterval { get; init; }

    public string? IntervalReason { get; init; }

    public bool IsWaiting => WaitingSince is not null;
}
