namespace Rhythm.Adaptive;

/// <summary>
/// The engine's latest view of the machine's load: the same smoothed CPU and memory that bands and pressure use.
/// Steps that report on the machine read this instead of sampling again, so they agree with the engine's decisions.
/// </summary>
public interface ICurrentLoad
{
    /// <summary>The state after the latest sample, or <see langword="null"/> before the first one.</summary>
    LoadState? Current { get; }
}
