using BenchmarkDotNet.Attributes;
using Rhythm.Adaptive;
using Rhythm.Load;
using Rhythm.Model;

namespace Rhythm.Bench;

/// <summary>The per-sample work after the sampler: smoothing and band classification.</summary>
[MemoryDiagnoser]
public class RhythmBenchmarks
{
    private readonly BandClassifier _classifier = new(new AdaptiveSettings());
    private readonly LoadWindow _window = new(TimeSpan.FromMinutes(1), capacity: 6);
    private DateTimeOffset _at = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private LoadBand _band = LoadBand.Normal;
    private int _step;

    [Benchmark]
    public LoadBand WindowAddAndClassify()
    {
        _at = _at.AddSeconds(15);
        _step = (_step + 7) % 100;
        _window.Add(new LoadSample(_at, _step, 50));
        _band = _classifier.Classify(_band, _window.MeanCpu);
        return _band;
    }
}
