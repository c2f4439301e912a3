namespace Rhythm.Adaptive;

/// <summary>What the load monitor knows after a sample.</summary>
/// <param name="At">When the sample was taken.</param>
/// <param name="Cpu">CPU % of this sample alone.</param>
/// <param name="Memory">Memory % of this sample alone.</param>
/// <param name="SmoothedCpu">Mean CPU % over the window; bands and CPU pressure use this.</param>
/// <param name="SmoothedMemory">Mean memory % over the window; memory pressure uses this.</param>
/// <param name="Band">The load band after hysteresis.</param>
/// <param name="Factor">The interval factor of <paramref name="Band"/>; 1 when adaptive is off.</param>
public sealed record LoadState(
    DateTimeOffset At,
    double Cpu,
    double Memory,
    double SmoothedCpu,
    double SmoothedMemory,
    LoadBand Band,
    double Factor);
