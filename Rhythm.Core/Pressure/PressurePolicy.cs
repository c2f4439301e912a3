using Rhythm.Adaptive;
using Rhythm.Load;
using Rhythm.Model;

namespace Rhythm.Pressure;

/// <summary>Decides whether a group that is due may run, or is skipped to give the machine room.</summary>
/// <remarks>
/// <para>Memory pressure (smoothed memory above <see cref="RhythmSettings.MemoryPressure"/>) skips
/// <see cref="Priority.Medium"/> and <see cref="Priority.Low"/>. CPU pressure (smoothed CPU above
/// <see cref="RhythmSettings.CpuPressure"/>, when set) skips everything but <see cref="Priority.Critical"/>.</para>
/// <para>Both hold with hysteresis: once in pressure, it lasts until the value falls
/// <see cref="AdaptiveSettings.Hysteresis"/> points below the threshold, so groups are shed and let back in
/// at a steady breath rather than flapping at the threshold. The policy remembers the pressure from every
/// state it is shown; feed it each sample through <see cref="Observe"/> to track it between fires.</para>
/// </remarks>
internal sealed class PressurePolicy
{
    private readonly double _memoryThreshold;
    private readonly double? _cpuThreshold;
    private readonly double _hysteresis;
    private readonly Lock _gate = new();
    private bool _memory;
    private bool _cpu;

    public PressurePolicy(RhythmSettings rhythm, AdaptiveSettings adaptive)
    {
        ArgumentNullException.ThrowIfNull(rhythm);
        ArgumentNullException.ThrowIfNull(adaptive);
        _memoryThreshold = rhythm.MemoryPressure;
        _cpuThreshold = rhythm.CpuPressure;
        _hysteresis = Math.Max(0, adaptive.Hysteresis);
    }

    public bool UnderMemoryPressure
    {
        get
        {
            lock (_gate)
            {
                return _memory;
            }
        }
    }

    public bool UnderCpuPressure
    {
        get
        {
            lock (_gate)
            {
                return _cpu;
            }
        }
    }

    /// <summary>Moves the pressure state on from a new load state.</summary>
    public void Observe(LoadState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (_gate)
        {
            Move(state);
        }
    }

    /// <summary>Returns <see langword="null"/> when a group of this priority may run, otherwise why it is skipped.</summary>
    /// <returns><see langword="null"/>, or a reason such as <c>skipped: memory 67 % &gt; 60 %</c>.</returns>
    public string? SkipReason(Priority priority, LoadState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        bool memory;
        bool cpu;
        lock (_gate)
        {
            Move(state);
            memory = _memory;
            cpu = _cpu;
        }

        if (memory && priority <= Priority.Medium)
        {
            return Reason("memory", state.SmoothedMemory, _memoryThreshold);
        }

        if (cpu && priority < Priority.Critical)
        {
            return Reason("CPU", state.SmoothedCpu, _cpuThreshold!.Value);
        }

        return null;
    }

    private void Move(LoadState state)
    {
        _memory = Next(_memory, state.SmoothedMemory, _memoryThreshold);
        _cpu = _cpuThreshold is { } cpuThreshold && Next(_cpu, state.SmoothedCpu, cpuThreshold);
    }

    private bool Next(bool inPressure, double value, double threshold) =>
        inPressure ? value >= threshold - _hysteresis : value > threshold;

    private string Reason(string resource, double value, double threshold)
    {
        if (value > threshold)
        {
            return $"skipped: {resource} {Percent.Beyond(value, threshold)} % > {Percent.Threshold(threshold)} %";
        }

        return $"skipped: {resource} {Percent.Whole(value)} %, under pressure until below {Percent.Threshold(threshold - _hysteresis)} %";
    }
}
