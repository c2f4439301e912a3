using BenchmarkDotNet.Attributes;
using Rhythm.Load;

namespace Rhythm.Bench;

/// <summary>What one load sample costs the machine it measures.</summary>
[MemoryDiagnoser]
public class SamplerBenchmarks : IDisposable
{
    private LinuxLoadSampler? _sampler;

    [GlobalSetup]
    public void Setup()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The sampler benchmark reads /proc and runs on Linux only.");
        }

        _sampler = new LinuxLoadSampler(TimeProvider.System);
    }

    [Benchmark]
    public LoadSample LinuxSample() => _sampler!.Sample();

    [GlobalCleanup]
    public void Dispose()
    {
        _sampler?.Dispose();
        _sampler = null;
        GC.SuppressFinalize(this);
    }
}
