namespace Rhythm.Load;

/// <summary>The samples of the last <see cref="Span"/> and their mean CPU and memory.</summary>
/// <remarks>
/// A ring buffer ordered by time with running sums: adding evicts what has aged out and costs O(1) amortised.
/// The buffer only grows when more samples than ever before fall inside the window, so once the sampling
/// rate settles no sample allocates. A sample belongs to the window while it is younger than
/// <see cref="Span"/> measured from the newest sample; the newest sample always counts.
/// </remarks>
internal sealed class LoadWindow
{
    private LoadSample[] _samples;
    private int _head;
    private int _count;
    private double _cpuSum;
    private double _memorySum;

    /// <param name="span">How far back samples count (AdaptiveSettings.Window).</param>
    /// <param name="capacity">How many samples to make room for at first, usually span / sample interval + 1.</param>
    public LoadWindow(TimeSpan span, int capacity = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Span = span;
        _samples = new LoadSample[capacity];
    }

    public TimeSpan Span { get; }

    public int Count => _count;

    /// <summary>Mean CPU % over the window; 0 when it is empty.</summary>
    public double MeanCpu => _count == 0 ? 0 : Math.Clamp(_cpuSum / _count, 0, 100);

    /// <summary>Mean memory % over the window; 0 when it is empty.</summary>
    public double MeanMemory => _count == 0 ? 0 : Math.Clamp(_memorySum / _count, 0, 100);

    public void Add(LoadSample sample)
    {
        var cutoff = sample.At - Span;
        while (_count > 0 && _samples[_head].At <= cutoff)
        {
            var old = _samples[_head];
            _cpuSum -= old.CpuPercent;
            _memorySum -= old.MemoryPercent;
            _head = (_head + 1) % _samples.Length;
            _count--;
        }

        if (_count == 0)
        {
            // Start the sums afresh so rounding from long-gone samples does not linger.
            _cpuSum = 0;
            _memorySum = 0;
        }

        if (_count == _samples.Length)
        {
            Grow();
        }

        _samples[(_head + _count) % _samples.Length] = sample;
        _count++;
        _cpuSum += sample.CpuPercent;
        _memorySum += sample.MemoryPercent;
    }

    private void Grow()
    {
        var larger = new LoadSample[_samples.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            larger[i] = _samples[(_head + i) % _samples.Length];
        }

        _samples = larger;
        _head = 0;
    }
}
