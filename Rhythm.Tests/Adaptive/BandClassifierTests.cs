using Rhythm.Adaptive;
using Rhythm.Model;

namespace Rhythm.Tests.Adaptive;

[TestFixture]
public sealed class BandClassifierTests
{
    private BandClassifier _classifier = null!;

    [SetUp]
    public void SetUp() => _classifier = new BandClassifier(new AdaptiveSettings());

    [Test]
    public void Classify_Sequence70_72_67_64_EntersBusyAbove70AndLeavesBelow65()
    {
        var bands = new List<LoadBand>();
        var band = LoadBand.Normal;
        foreach (var cpu in new[] { 70.0, 72, 67, 64 })
        {
            band = _classifier.Classify(band, cpu);
            bands.Add(band);
        }

        Assert.That(bands, Is.EqualTo(new[] { LoadBand.Normal, LoadBand.Busy, LoadBand.Busy, LoadBand.Normal }));
    }

    [TestCase(70.0, LoadBand.Normal)]
    [TestCase(70.01, LoadBand.Busy)]
    [TestCase(20.0, LoadBand.Normal)]
    [TestCase(19.99, LoadBand.Idle)]
    [TestCase(45.0, LoadBand.Normal)]
    public void Classify_FromNormal_UsesThePlainThresholds(double cpu, LoadBand expected)
    {
        Assert.That(_classifier.Classify(LoadBand.Normal, cpu), Is.EqualTo(expected));
    }

    [TestCase(100.0, LoadBand.Busy)]
    [TestCase(65.0, LoadBand.Busy)]
    [TestCase(64.99, LoadBand.Normal)]
    [TestCase(10.0, LoadBand.Idle)]
    public void Classify_FromBusy_StaysUntilBelowThresholdMinusHysteresis(double cpu, LoadBand expected)
    {
        Assert.That(_classifier.Classify(LoadBand.Busy, cpu), Is.EqualTo(expected));
    }

    [TestCase(0.0, LoadBand.Idle)]
    [TestCase(25.0, LoadBand.Idle)]
    [TestCase(25.01, LoadBand.Normal)]
    [TestCase(90.0, LoadBand.Busy)]
    public void Classify_FromIdle_StaysUntilAboveThresholdPlusHysteresis(double cpu, LoadBand expected)
    {
        Assert.That(_classifier.Classify(LoadBand.Idle, cpu), Is.EqualTo(expected));
    }

    [Test]
    public void Classify_ZeroHysteresis_FollowsThePlainThresholds()
    {
        var classifier = new BandClassifier(new AdaptiveSettings { Hysteresis = 0 });

        Assert.That(classifier.Classify(LoadBand.Busy, 69.9), Is.EqualTo(LoadBand.Normal));
        Assert.That(classifier.Classify(LoadBand.Idle, 20.1), Is.EqualTo(LoadBand.Normal));
    }
}
