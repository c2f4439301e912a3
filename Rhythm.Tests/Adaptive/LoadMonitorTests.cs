using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Rhythm.Adaptive;
using Rhythm.Load;
using Rhythm.Model;

namespace Rhythm.Tests.Adaptive;

[TestFixture]
public sealed class LoadMonitorTests
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(15);

    private FakeTimeProvider _time = null!;
    private ScriptedSampler _sampler = null!;
    private ListLogger<LoadMonitor> _logger = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        _sampler = new ScriptedSampler(_time);
        _logger = new ListLogger<LoadMonitor>();
    }

    [Test]
    public void Start_TimeAdvances_SamplesOnceEverySampleEvery()
    {
        _sampler.Script(Enumerable.Repeat(40.0, 10).ToArray());
        using var monitor = Create();
        monitor.Start();

        _time.Advance(SampleEvery - TimeSpan.FromSeconds(1));
        var beforeFirst = _sampler.Calls;
        _time.Advance(TimeSpan.FromSeconds(1));
        var atFirst = _sampler.Calls;
        Advance(3);

        Assert.That((beforeFirst, atFirst, _sampler.Calls), Is.EqualTo((0, 1, 4)));
        Assert.That(monitor.Current!.At, Is.EqualTo(_time.GetUtcNow()));
    }

    [Test]
    public void Stop_TimeAdvances_TakesNoMoreSamples()
    {
        _sampler.Script(Enumerable.Repeat(40.0, 10).ToArray());
        using var monitor = Create();
        monitor.Start();
        Advance(2);

        monitor.Stop();
        Advance(4);

        Assert.That(_sampler.Calls, Is.EqualTo(2));
    }

    [Test]
    public void SampleNow_BeforeStart_TakesOneSampleSynchronously()
    {
        _sampler.Script(33);
        using var monitor = Create();

        var state = monitor.SampleNow();

        Assert.That(state, Is.EqualTo(monitor.Current));
        Assert.That(state, Is.EqualTo(new LoadState(_time.GetUtcNow(), 33, 43, 33, 43, LoadBand.Normal, 1)));
    }

    [Test]
    public void Sample_OverTheWindow_SmoothsCpuAndMemoryAsTheMean()
    {
        // 1-minute window, 15-second samples: the newest four count.
        _sampler.Script(90, 10, 20, 30, 40);
        using var monitor = Create(window: TimeSpan.FromMinutes(1));
        monitor.SampleNow();
        monitor.Start();

        Advance(4);

        var state = monitor.Current!;
        Assert.That((state.Cpu, state.SmoothedCpu), Is.EqualTo((40.0, 25.0)));
        Assert.That(state.SmoothedMemory, Is.EqualTo(43.0));
    }

    [Test]
    public void BandChanged_FlappingWithinHysteresis_FiresOncePerRealChange()
    {
        _sampler.Script(50, 72, 68, 71, 66, 69, 65, 64, 68, 70, 71);
        using var monitor = Create();
        var changes = new List<(LoadBand From, LoadBand To)>();
        monitor.BandChanged += (from, to, _) => changes.Add((from, to));
        monitor.Start();

        Advance(11);

        Assert.That(changes, Is.EqualTo(new[] { (LoadBand.Normal, LoadBand.Busy), (LoadBand.Busy, LoadBand.Normal), (LoadBand.Normal, LoadBand.Busy) }));
    }

    [Test]
    public void BandChanged_BusyToNormal_LogsOneReadableLine()
    {
        _sampler.Script(80, 61);
        using var monitor = Create();
        monitor.Start();

        Advance(2);

        Assert.That(_logger.Entries.Select(e => (e.Level, e.Message)), Is.EqualTo(new[]
        {
            (LogLevel.Information, "load band normal -> busy: CPU 80 % (smoothed), memory 43 %"),
            (LogLevel.Information, "load band busy -> normal: CPU 61 % (smoothed), memory 43 %"),
        }));
    }

    [Test]
    public void BandChanged_CpuJustPastEachThreshold_ShowsTenthsRatherThanTheThreshold()
    {
        // Busy above 70, idle below 20, hysteresis 5: each value crosses its boundary by less than half a point.
        _sampler.Script(70.3, 64.6, 19.7, 25.2);
        using var monitor = Create();
        monitor.Start();

        Advance(4);

        Assert.That(_logger.Entries.Select(e => e.Message), Is.EqualTo(new[]
        {
            "load band normal -> busy: CPU 70.3 % (smoothed), memory 43 %",
            "load band busy -> normal: CPU 64.6 % (smoothed), memory 43 %",
            "load band normal -> idle: CPU 19.7 % (smoothed), memory 43 %",
            "load band idle -> normal: CPU 25.2 % (smoothed), memory 43 %",
        }));
    }

    [Test]
    public void BandChanged_FirstSampleIdle_ReportsTheMoveFromNormal()
    {
        _sampler.Script(5);
        using var monitor = Create();
        var changes = new List<(LoadBand From, LoadBand To, double Factor)>();
        monitor.BandChanged += (from, to, state) => changes.Add((from, to, state.Factor));

        monitor.SampleNow();

        Assert.That(changes, Is.EqualTo(new[] { (LoadBand.Normal, LoadBand.Idle, 0.8) }));
    }

    [Test]
    public void Sampled_EverySample_IsRaisedWithTheNewState()
    {
        _sampler.Script(10, 50, 90);
        using var monitor = Create();
        var seen = new List<double>();
        monitor.Sampled += state => seen.Add(state.Cpu);
        monitor.Start();

        Advance(3);

        Assert.That(seen, Is.EqualTo(new[] { 10.0, 50, 90 }));
    }

    [Test]
    public void Sample_SamplerThrows_KeepsPreviousStateAndTheTimerAlive()
    {
        _sampler.Script(40.0, Fail("proc is gone"), Fail("proc is gone"), Fail("other"), 80.0);
        using var monitor = Create();
        monitor.Start();
        Advance(1);
        var before = monitor.Current;

        Advance(3);
        var during = monitor.Current;
        Advance(1);

        Assert.Multiple(() =>
        {
            Assert.That(during, Is.SameAs(before));
            Assert.That(_sampler.Calls, Is.EqualTo(5));
            Assert.That(monitor.Current!.Cpu, Is.EqualTo(80));
            Assert.That(_logger.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message), Is.EqualTo(new[]
            {
                "load sample failed, keeping the previous load state: proc is gone",
                "load sample failed, keeping the previous load state: other",
            }));
            Assert.That(_logger.Entries.Select(e => e.Message), Does.Contain("load sampling works again"));
        });
    }

    [Test]
    public void Sampled_HandlerThrows_SamplingGoesOn()
    {
        _sampler.Script(10, 20, 30);
        using var monitor = Create();
        monitor.Sampled += _ => throw new InvalidOperationException("listener bug");
        monitor.Start();

        Advance(3);

        Assert.That(monitor.Current!.Cpu, Is.EqualTo(30));
        Assert.That(_logger.Entries.Count(e => e.Level == LogLevel.Error), Is.EqualTo(3));
    }

    [Test]
    public void Current_AdaptiveDisabled_ReportsFactorOneInEveryBand()
    {
        _sampler.Script(90);
        using var monitor = Create(adaptive: new AdaptiveSettings { Enabled = false });

        var state = monitor.SampleNow();

        Assert.That((state!.Band, state.Factor), Is.EqualTo((LoadBand.Busy, 1.0)));
    }

    [Test]
    public void Start_AfterDispose_Throws()
    {
        var monitor = Create();
        monitor.Dispose();

        Assert.Throws<ObjectDisposedException>(monitor.Start);
    }

    private static Func<double> Fail(string message) => () => throw new IOException(message);

    private LoadMonitor Create(TimeSpan? window = null, AdaptiveSettings? adaptive = null)
    {
        // A window as long as one sample interval makes each sample its own smoothed value.
        adaptive ??= new AdaptiveSettings();
        adaptive = adaptive with { Window = window ?? SampleEvery };
        return new LoadMonitor(_sampler, _time, adaptive, new RhythmSettings { SampleEvery = SampleEvery }, _logger);
    }

    private void Advance(int samples)
    {
        for (var i = 0; i < samples; i++)
        {
            _time.Advance(SampleEvery);
        }
    }

    /// <summary>Returns scripted CPU values (memory is always 43 %); a function in the script is called instead, so it can throw.</summary>
    private sealed class ScriptedSampler(TimeProvider time) : ILoadSampler
    {
        private readonly Queue<object> _script = new();

        public int Calls { get; private set; }

        public void Script(params object[] steps)
        {
            foreach (var step in steps)
            {
                _script.Enqueue(step);
            }
        }

        public void Script(params double[] cpu) => Script(cpu.Cast<object>().ToArray());

        public LoadSample Sample()
        {
            Calls++;
            var step = _script.Dequeue();
            var cpu = step is Func<double> f ? f() : Convert.ToDouble(step, System.Globalization.CultureInfo.InvariantCulture);
            return new LoadSample(time.GetUtcNow(), cpu, 43);
        }
    }
}
