using System.Diagnostics;
using System.Text;
using Rhythm.Load;

namespace Rhythm.Tests.Load;

[TestFixture]
public sealed class LinuxLoadSamplerTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = Path.Combine(Path.GetTempPath(), "rhythm-load-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Sample_RealProc_ReportsPercentagesWithinRange()
    {
        RequireLinux();
        using var sampler = new LinuxLoadSampler(TimeProvider.System);

        for (var i = 0; i < 3; i++)
        {
            var sample = sampler.Sample();
            Assert.That(sample.CpuPercent, Is.InRange(0.0, 100.0));
            Assert.That(sample.MemoryPercent, Is.InRange(0.0, 100.0).And.GreaterThan(0.0));
            Thread.Sleep(50);
        }
    }

    [Test]
    public void Sample_RealProc_StampsTheTimeProvidersTime()
    {
        RequireLinux();
        var at = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
        using var sampler = new LinuxLoadSampler(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(at));

        Assert.That(sampler.Sample().At, Is.EqualTo(at));
    }

    [Test]
    [CancelAfter(60_000)]
    public void Sample_WhileTwoProcessesBurnCpu_ReportsClearlyMoreThanIdle()
    {
        RequireLinux();
        using var sampler = new LinuxLoadSampler(TimeProvider.System);
        sampler.Sample();
        Thread.Sleep(1_000);
        var idle = sampler.Sample().CpuPercent;

        // Other work on a small shared box may already keep it busy; then "clearly more" means near full.
        var expected = Math.Min(idle + 25, 90);
        var burners = new List<Process>();
        var readings = new List<double>();
        try
        {
            for (var i = 0; i < Environment.ProcessorCount; i++)
            {
                var start = new ProcessStartInfo("sh") { UseShellExecute = false };
                start.ArgumentList.Add("-c");
                start.ArgumentList.Add("while :; do :; done");
                burners.Add(Process.Start(start)!);
            }

            sampler.Sample();
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
                Thread.Sleep(500);
                var reading = sampler.Sample().CpuPercent;
                readings.Add(reading);
                if (reading >= expected)
                {
                    break;
                }
            }
        }
        finally
        {
            foreach (var burner in burners)
            {
                burner.Kill(entireProcessTree: true);
                burner.WaitForExit();
                burner.Dispose();
            }
        }

        TestContext.Out.WriteLine($"idle {idle:F1} %, while burning: {string.Join(", ", readings.Select(r => r.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.That(readings.Max(), Is.GreaterThanOrEqualTo(expected),
            $"idle {idle:F1} %, readings while burning: {string.Join(", ", readings.Select(r => r.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))}");
    }

    [Test]
    public void Sample_ThousandCalls_AllocatesAlmostNothing()
    {
        RequireLinux();
        using var sampler = new LinuxLoadSampler(TimeProvider.System);
        for (var i = 0; i < 20; i++)
        {
            sampler.Sample();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            sampler.Sample();
        }

        var perSample = (GC.GetAllocatedBytesForCurrentThread() - before) / 1_000.0;
        Assert.That(perSample, Is.LessThan(100), $"{perSample:F1} bytes per sample");
    }

    [Test]
    public void Sample_ScriptedCounters_ReportsBusyShareOfEachInterval()
    {
        var stat = Write("stat", "cpu  100 0 100 700 100 0 0 0 0 0\n");
        var memInfo = Write("meminfo", MemInfo(total: 1000, available: 250));
        using var sampler = new LinuxLoadSampler(TimeProvider.System, stat, memInfo);

        var sinceBoot = sampler.Sample();
        // 300 more ticks: user +60, system +30, idle +150, iowait +60.
        File.WriteAllText(stat, "cpu  160 0 130 850 160 0 0 0 0 0\n");
        var second = sampler.Sample();

        Assert.Multiple(() =>
        {
            Assert.That(sinceBoot.CpuPercent, Is.EqualTo(20).Within(1e-9));
            Assert.That(sinceBoot.MemoryPercent, Is.EqualTo(75).Within(1e-9));
            Assert.That(second.CpuPercent, Is.EqualTo(30).Within(1e-9));
        });
    }

    [Test]
    public void Sample_CountersNotMoving_RepeatsThePreviousReading()
    {
        var stat = Write("stat", "cpu  100 0 100 700 100 0 0 0 0 0\n");
        var memInfo = Write("meminfo", MemInfo(total: 1000, available: 500));
        using var sampler = new LinuxLoadSampler(TimeProvider.System, stat, memInfo);
        sampler.Sample();
        File.WriteAllText(stat, "cpu  200 0 100 800 100 0 0 0 0 0\n");
        var moved = sampler.Sample();

        var still = sampler.Sample();

        Assert.That(moved.CpuPercent, Is.EqualTo(50).Within(1e-9));
        Assert.That(still.CpuPercent, Is.EqualTo(50).Within(1e-9));
    }

    [Test]
    public void Sample_StatWithoutCpuLine_ThrowsNamingTheFile()
    {
        var stat = Write("stat", "intr 1 2 3\n");
        var memInfo = Write("meminfo", MemInfo(total: 1000, available: 500));
        using var sampler = new LinuxLoadSampler(TimeProvider.System, stat, memInfo);

        var error = Assert.Throws<InvalidDataException>(() => sampler.Sample());

        Assert.That(error!.Message, Does.Contain(stat).And.Contain("'cpu' line"));
    }

    [Test]
    public void Sample_MemInfoWithoutMemAvailable_ThrowsNamingTheField()
    {
        var stat = Write("stat", "cpu  1 0 1 8 0\n");
        var memInfo = Write("meminfo", "MemTotal:  1000 kB\nMemFree:  500 kB\n");
        using var sampler = new LinuxLoadSampler(TimeProvider.System, stat, memInfo);

        var error = Assert.Throws<InvalidDataException>(() => sampler.Sample());

        Assert.That(error!.Message, Does.Contain(memInfo).And.Contain("MemAvailable"));
    }

    [Test]
    public void Constructor_MissingFile_ThrowsPlatformNotSupportedNamingThePath()
    {
        var missing = Path.Combine(_folder, "no-such-stat");
        var memInfo = Write("meminfo", MemInfo(total: 1000, available: 500));

        var error = Assert.Throws<PlatformNotSupportedException>(() => _ = new LinuxLoadSampler(TimeProvider.System, missing, memInfo));

        Assert.That(error!.Message, Does.StartWith("Rhythm cannot measure load on Linux: " + missing));
    }

    [Test]
    public void TryParseCpu_FullKernelLine_CountsAllButIdleAndIowaitAsBusy()
    {
        // guest and guest_nice (the last two) are already inside user and nice.
        var parsed = LinuxLoadSampler.TryParseCpu("cpu  6625 5 1922 47454 491 7 23 10 900 900\ncpu0 1 2 3 4\n"u8, out var busy, out var total);

        Assert.That(parsed, Is.True);
        Assert.That(total, Is.EqualTo(6625UL + 5 + 1922 + 47454 + 491 + 7 + 23 + 10));
        Assert.That(busy, Is.EqualTo(total - 47454 - 491));
    }

    [Test]
    public void TryParseCpu_FourCounters_Parses()
    {
        var parsed = LinuxLoadSampler.TryParseCpu("cpu 10 0 10 80\n"u8, out var busy, out var total);

        Assert.That(parsed, Is.True);
        Assert.That((busy, total), Is.EqualTo((20UL, 100UL)));
    }

    [TestCase("cpu0 1 2 3 4\n")]
    [TestCase("cpu  1 2 3\n")]
    [TestCase("")]
    public void TryParseCpu_NotAnAggregateLine_ReturnsFalse(string text)
    {
        Assert.That(LinuxLoadSampler.TryParseCpu(Encoding.ASCII.GetBytes(text), out _, out _), Is.False);
    }

    [Test]
    public void TryParseMemory_CacheInMemAvailable_CountsAsFree()
    {
        var text = "MemTotal:       24684084 kB\nMemFree:         1000000 kB\nMemAvailable:   18513063 kB\nCached:         17000000 kB\n"u8;

        var parsed = LinuxLoadSampler.TryParseMemory(text, out var percent);

        Assert.That(parsed, Is.True);
        Assert.That(percent, Is.EqualTo(100.0 * (24684084 - 18513063) / 24684084).Within(1e-9));
    }

    private static void RequireLinux()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("Reads /proc, which only Linux has.");
        }
    }

    private static string MemInfo(long total, long available) =>
        $"MemTotal:       {total} kB\nMemFree:        {available / 2} kB\nMemAvailable:   {available} kB\n";

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
