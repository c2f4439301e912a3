using Rhythm.Load;

namespace Rhythm.Tests.Load;

[TestFixture]
public sealed class LoadWindowTests
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void Mean_NoSamples_IsZero()
    {
        var window = new LoadWindow(TimeSpan.FromMinutes(1));

        Assert.That((window.Count, window.MeanCpu, window.MeanMemory), Is.EqualTo((0, 0.0, 0.0)));
    }

    [Test]
    public void Add_SamplesWithinWindow_AveragesThem()
    {
        var window = new LoadWindow(TimeSpan.FromMinutes(1));

        window.Add(Sample(0, cpu: 10, memory: 40));
        window.Add(Sample(15, cpu: 20, memory: 50));
        window.Add(Sample(30, cpu: 60, memory: 60));

        Assert.That(window.Count, Is.EqualTo(3));
        Assert.That(window.MeanCpu, Is.EqualTo(30).Within(1e-9));
        Assert.That(window.MeanMemory, Is.EqualTo(50).Within(1e-9));
    }

    [Test]
    public void Add_SampleAWindowLater_DropsTheOldestFromTheMean()
    {
        var window = new LoadWindow(TimeSpan.FromMinutes(1));
        window.Add(Sample(0, cpu: 90, memory: 90));
        window.Add(Sample(15, cpu: 10, memory: 10));
        window.Add(Sample(30, cpu: 20, memory: 20));
        window.Add(Sample(45, cpu: 30, memory: 30));

        window.Add(Sample(60, cpu: 40, memory: 40));

        Assert.That(window.Count, Is.EqualTo(4));
        Assert.That(window.MeanCpu, Is.EqualTo(25).Within(1e-9));
        Assert.That(window.MeanMemory, Is.EqualTo(25).Within(1e-9));
    }

    [Test]
    public void Add_AfterLongGap_KeepsOnlyTheNewSample()
    {
        var window = new LoadWindow(TimeSpan.FromMinutes(1));
        window.Add(Sample(0, cpu: 90, memory: 90));
        window.Add(Sample(15, cpu: 80, memory: 80));

        window.Add(Sample(600, cpu: 5, memory: 30));

        Assert.That((window.Count, window.MeanCpu, window.MeanMemory), Is.EqualTo((1, 5.0, 30.0)));
    }

    [Test]
    public void Add_ZeroWindow_CountsOnlyTheNewestSample()
    {
        var window = new LoadWindow(TimeSpan.Zero);
        window.Add(Sample(0, cpu: 90, memory: 90));

        window.Add(Sample(1, cpu: 10, memory: 20));

        Assert.That((window.Count, window.MeanCpu), Is.EqualTo((1, 10.0)));
    }

    [Test]
    public void Add_MoreSamplesThanInitialCapacity_GrowsAndKeepsOrder()
    {
        var window = new LoadWindow(TimeSpan.FromMinutes(1), capacity: 2);
        for (var second = 0; second < 70; second += 5)
        {
            window.Add(Sample(second, cpu: second, memory: 50));
        }

        // The newest is at 65 s, so 10..65 remain: 12 samples, mean CPU 37.5.
        Assert.That(window.Count, Is.EqualTo(12));
        Assert.That(window.MeanCpu, Is.EqualTo(37.5).Within(1e-9));
    }

    [Test]
    public void Add_SteadyState_DoesNotAllocate()
    {
        var window = new LoadWindow(TimeSpan.FromMinutes(1), capacity: 2);
        for (var i = 0; i < 100; i++)
        {
            window.Add(Sample(i * 15, cpu: i % 100, memory: 50));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 100; i < 10_100; i++)
        {
            window.Add(Sample(i * 15, cpu: i % 100, memory: 50));
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    private static LoadSample Sample(int second, double cpu, double memory) =>
        new(Start.AddSeconds(second), cpu, memory);
}
