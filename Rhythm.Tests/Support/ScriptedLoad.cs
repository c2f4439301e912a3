using Rhythm.Load;

namespace Rhythm.Tests.Support;

/// <summary>A load source the test sets, or a profile of time; the engine samples it as it would the machine.</summary>
internal sealed class ScriptedLoad(TimeProvider time) : ILoadSampler
{
    private readonly Lock _gate = new();
    private double _cpu = 45;
    private double _memory = 40;

    /// <summary>When set, decides the load from the sample time; otherwise <see cref="Set"/> does.</summary>
    public Func<DateTimeOffset, (double Cpu, double Memory)>? Profile { get; set; }

    public void Set(double cpu, double memory = 40)
    {
        lock (_gate)
        {
            _cpu = cpu;
            _memory = memory;
        }
    }

    public LoadSample Sample()
    {
        var now = time.GetUtcNow();
        if (Profile is { } profile)
        {
            var (cpu, memory) = profile(now);
            return new LoadSample(now, cpu, memory);
        }

        lock (_gate)
        {
            return new LoadSample(now, _cpu, _memory);
        }
    }
}
