namespace Rhythm.Simulation;

/// <summary>A simulated timeline and its totals.</summary>
public sealed record SimulationResult
{
    /// <summary>Every run, wait, skip, re-timing and band change, in time order.</summary>
    public required IReadOnlyList<SimulationEvent> Events { get; init; }

    /// <summary>Runs that would start.</summary>
    public int Runs => Events.Count(e => e.Kind == "run");

    /// <summary>Fires held for a dependency.</summary>
    public int Waits => Events.Count(e => e.Kind == "wait");

    /// <summary>Fires shed under pressure.</summary>
    public int Skips => Events.Count(e => e.Kind == "skip");

    /// <summary>Re-timings of a trigger.</summary>
    public int Retimings => Events.Count(e => e.Kind == "retime");

    /// <summary>How long the simulation took on the real clock.</summary>
    public required TimeSpan Elapsed { get; init; }
}
