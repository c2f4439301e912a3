using Rhythm.Load;

namespace Rhythm.Tests.Load;

[TestFixture]
public sealed class LoadSamplersTests
{
    [Test]
    public void ForCurrentOs_OnLinux_ReadsProc()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("Linux only.");
        }

        var sampler = LoadSamplers.ForCurrentOs(TimeProvider.System);
        try
        {
            Assert.That(sampler, Is.InstanceOf<LinuxLoadSampler>());
            Assert.That(sampler.Sample().MemoryPercent, Is.InRange(0.0, 100.0));
        }
        finally
        {
            (sampler as IDisposable)?.Dispose();
        }
    }

    [Test]
    public void Unsupported_NamesTheSystemAndTheWayOut()
    {
        var error = LoadSamplers.Unsupported("FreeBSD 14.1");

        Assert.That(error.Message, Is.EqualTo(
            "Rhythm cannot measure load on FreeBSD 14.1: only Linux (/proc) and Windows are supported. " +
            "To run elsewhere, provide your own ILoadSampler."));
    }
}
