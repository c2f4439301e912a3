using Microsoft.Extensions.Logging;
using Rhythm.Load;
using Rhythm.Model;

namespace Rhythm.Adaptive;

/// <summary>Samples the machine on its own timer, smooths the samples and tracks the load band.</summary>
/// <remarks>
/// Before the first sample the band is <see cref="LoadBand.Normal"/>, the band in which intervals are as
/// written; so a first sample that finds the machine busy or idle raises <see cref="BandChanged"/>.
/// Handlers run on the sampling thread, one sample at a time, in order; an exception from a handler is
/// logged and does not stop sampling. A sampler that throws keeps the previous state and the timer running.
/// </remarks>
internal sealed class LoadMonitor : ICurrentLoad, IDisposable
{
    // Bounds the memory of a sampler whose failure messages never repeat.
    private const int MaxRememberedFailures = 32;

    private readonly ILoadSampler _sampler;
    private readonly TimeProvider _time;
    private readonly AdaptiveSettings _adaptive;
    private readonly ILogger<LoadMonitor> _logger;
    private readonly TimeSpan _sampleEvery;
    private readonly LoadWindow _window;
    private readonly BandClassifier _classifier;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _failuresLogged = new(StringComparer.Ordinal);
    private LoadBand _band = LoadBand.Normal;
    private LoadState? _current;
    private ITimer? _timer;
    private bool _failing;
    private bool _disposed;

    public LoadMonitor(ILoadSampler sampler, TimeProvider time, AdaptiveSettings adaptive, RhythmSettings rhythm, ILogger<LoadMonitor> logger)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(adaptive);
        ArgumentNullException.ThrowIfNull(rhythm);
        ArgumentNullException.ThrowIfNull(logger);
        if (rhythm.SampleEvery <= TimeSpan.Zero)
        {
            throw new ArgumentException(
                $"rhythm.sampleEvery must be longer than zero; found {rhythm.SampleEvery}.", nameof(rhythm));
        }

        _sampler = sampler;
        _time = time;
        _adaptive = adaptive;
        _logger = logger;
        _sampleEvery = rhythm.SampleEvery;
        var perWindow = adaptive.Window > TimeSpan.Zero ? (int)Math.Min(adaptive.Window / _sampleEvery, 4096) : 0;
        _window = new LoadWindow(adaptive.Window, perWindow + 2);
        _classifier = new BandClassifier(adaptive);
    }

    /// <summary>Raised after every successful sample with the new state.</summary>
    public event Action<LoadState>? Sampled;

    /// <summary>Raised after a sample that moved the band: old band, new band, new state.</summary>
    public event Action<LoadBand, LoadBand, LoadState>? BandChanged;

    /// <summary>The state after the latest successful sample, or <see langword="null"/> before the first.</summary>
    public LoadState? Current => Volatile.Read(ref _current);

    /// <summary>Starts sampling every <c>rhythm.sampleEvery</c>; the first timed sample comes one interval from now.</summary>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _timer ??= _time.CreateTimer(static self => ((LoadMonitor)self!).OnTimer(), this, _sampleEvery, _sampleEvery);
        }
    }

    /// <summary>Stops the timer; <see cref="Start"/> may start it again.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    /// <summary>Takes a sample now, on the calling thread, and returns the state after it.</summary>
    public LoadState? SampleNow()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return TakeSample();
        }
    }

    /// <summary>The smoothed CPU of a band change as lines about it show it: true to the boundary that was crossed.</summary>
    public string CpuAtChange(LoadBand previous, LoadState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Percent.Beyond(state.SmoothedCpu, _classifier.Boundary(previous, state.Band));
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            _disposed = true;
        }
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            // A tick already queued when Stop ran is dropped.
            if (_timer is not null)
            {
                TakeSample();
            }
        }
    }

    private LoadState? TakeSample()
    {
        LoadSample sample;
        try
        {
            sample = _sampler.Sample();
        }
        catch (Exception e)
        {
            // Whatever a sampler throws, the rhythm goes on with the last known load.
            _failing = true;
            if (_failuresLogged.Count < MaxRememberedFailures && _failuresLogged.Add(e.Message))
            {
                _logger.SampleFailed(e, e.Message);
            }

            return _current;
        }

        if (_failing)
        {
            _failing = false;
            _logger.SamplingRecovered();
        }

        _window.Add(sample);
        var previous = _band;
        var band = _classifier.Classify(previous, _window.MeanCpu);
        var state = new LoadState(
            sample.At,
            sample.CpuPercent,
            sample.MemoryPercent,
            _window.MeanCpu,
            _window.MeanMemory,
            band,
            IntervalPolicy.Factor(band, _adaptive));
        _band = band;
        Volatile.Write(ref _current, state);

        Notify(Sampled, state);
        if (band != previous)
        {
            if (_logger.IsEnabled(LogLevel.Information))
            {
                _logger.BandChanged(
                    LoadBandNames.Lower(previous),
                    LoadBandNames.Lower(band),
                    CpuAtChange(previous, state),
                    Percent.Round(state.SmoothedMemory));
            }

            Notify(BandChanged, previous, state);
        }

        return state;
    }

    private void Notify(Action<LoadState>? handler, LoadState state)
    {
        try
        {
            handler?.Invoke(state);
        }
        catch (Exception e)
        {
            // A listener's bug must not stop the sampling timer.
            _logger.ListenerFailed(e, nameof(Sampled));
        }
    }

    private void Notify(Action<LoadBand, LoadBand, LoadState>? handler, LoadBand previous, LoadState state)
    {
        try
        {
            handler?.Invoke(previous, state.Band, state);
        }
        catch (Exception e)
        {
            // A listener's bug must not stop the sampling timer.
            _logger.ListenerFailed(e, nameof(BandChanged));
        }
    }
}
