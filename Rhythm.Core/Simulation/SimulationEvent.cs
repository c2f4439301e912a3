namespace Rhythm.Simulation;

/// <summary>One line of a simulated timeline.</summary>
public sealed record SimulationEvent
{
    /// <summary>When it happens, on the simulated clock.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The group, or null for a load band change.</summary>
    public string? Group { get; init; }

    /// <summary><c>run</c>, <c>wait</c>, <c>skip</c>, <c>retime</c>, <c>band</c>, or <c>stall</c> when the engine stood still with work due and the clock was let run to its next timer.</summary>
    public required string Kind { get; init; }

    /// <summary>For a run, why it started (schedule, dependency); otherwise the reason.</summary>
    public required string Detail { get; init; }

    /// <summary>For a run, wait or skip: when the group was due.</summary>
    public DateTimeOffset? ScheduledAt { get; init; }
}
