using Rhythm.Load;

namespace Rhythm.Tests.Load;

[TestFixture]
public sealed class PercentTests
{
    [TestCase(67.2, 60, "67")]
    [TestCase(60.3, 60, "60.3")]
    [TestCase(60.04, 60, "60.1")]
    [TestCase(60.5, 60, "61")]
    [TestCase(19.7, 20, "19.7")]
    [TestCase(19.96, 20, "19.9")]
    [TestCase(19.4, 20, "19")]
    [TestCase(64.6, 65, "64.6")]
    [TestCase(60, 60, "60")]
    [TestCase(63, 62.5, "63")]
    [TestCase(62.6, 62.5, "63")]
    [TestCase(62.4, 62.5, "62")]
    public void Beyond_ValueAndThreshold_ReadsOnTheSideOfTheThresholdTheValueIsOn(double value, double threshold, string expected)
    {
        Assert.That(Percent.Beyond(value, threshold), Is.EqualTo(expected));
    }
}
