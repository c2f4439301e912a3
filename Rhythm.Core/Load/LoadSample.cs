namespace Rhythm.Load;

/// <summary>One measurement of the whole machine.</summary>
/// <param name="At">When it was taken.</param>
/// <param name="CpuPercent">System-wide CPU busy %, 0 to 100, over the time since the previous sample.</param>
/// <param name="MemoryPercent">Memory in use %, 0 to 100, counting reclaimable cache as free.</param>
public readonly record struct LoadSample(DateTimeOffset At, double CpuPercent, double MemoryPercent);
