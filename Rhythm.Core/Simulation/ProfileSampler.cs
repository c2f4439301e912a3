using Rhythm.Load;

namespace Rhythm.Simulation;

/// <summary>A load sampler that reads a <see cref="LoadProfile"/> at the virtual clock's time.</summary>
internal sealed class ProfileSampler(LoadProfile profile, TimeProvider time) : ILoadSampler
{
    public LoadSample Sample()
    {
        var now = time.GetUtcNow();
        var (cpu, memory) = profile.At(now);
        return new LoadSample(now, cpu, memory);
    }
}
