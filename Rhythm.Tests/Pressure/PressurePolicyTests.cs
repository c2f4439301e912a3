using Rhythm.Adaptive;
using Rhythm.Model;
using Rhythm.Pressure;

namespace Rhythm.Tests.Pressure;

[TestFixture]
public sealed class PressurePolicyTests
{
    private PressurePolicy _policy = null!;

    [SetUp]
    public void SetUp() => _policy = new PressurePolicy(new RhythmSettings { CpuPressure = 85 }, new AdaptiveSettings());

    [TestCase(Priority.Low, "skipped: memory 67 % > 60 %")]
    [TestCase(Priority.Medium, "skipped: memory 67 % > 60 %")]
    [TestCase(Priority.High, null)]
    [TestCase(Priority.Critical, null)]
    public void SkipReason_MemoryAbovePressure_SkipsMediumAndLow(Priority priority, string? expected)
    {
        Assert.That(_policy.SkipReason(priority, State(cpu: 40, memory: 67.2)), Is.EqualTo(expected));
    }

    [TestCase(Priority.Low, "skipped: CPU 91 % > 85 %")]
    [TestCase(Priority.Medium, "skipped: CPU 91 % > 85 %")]
    [TestCase(Priority.High, "skipped: CPU 91 % > 85 %")]
    [TestCase(Priority.Critical, null)]
    public void SkipReason_CpuAbovePressure_SkipsAllButCritical(Priority priority, string? expected)
    {
        Assert.That(_policy.SkipReason(priority, State(cpu: 90.6, memory: 30)), Is.EqualTo(expected));
    }

    [Test]
    public void SkipReason_BothPressures_GivesMemoryForMediumAndCpuForHigh()
    {
        var state = State(cpu: 91, memory: 67);

        Assert.That(_policy.SkipReason(Priority.Medium, state), Is.EqualTo("skipped: memory 67 % > 60 %"));
        Assert.That(_policy.SkipReason(Priority.High, state), Is.EqualTo("skipped: CPU 91 % > 85 %"));
    }

    [Test]
    public void SkipReason_CpuPressureOff_RunsEverythingAtFullCpu()
    {
        var policy = new PressurePolicy(new RhythmSettings(), new AdaptiveSettings());

        Assert.That(policy.SkipReason(Priority.Low, State(cpu: 100, memory: 30)), Is.Null);
    }

    [Test]
    public void SkipReason_AtTheThreshold_Runs()
    {
        Assert.That(_policy.SkipReason(Priority.Low, State(cpu: 85, memory: 60)), Is.Null);
    }

    [Test]
    public void SkipReason_MemoryFallsWithinHysteresis_KeepsSkippingUntilFiveBelow()
    {
        var reasons = new[] { 61.0, 58, 55, 54.9, 58, 60, 61 }
            .Select(memory => _policy.SkipReason(Priority.Low, State(cpu: 40, memory)))
            .ToArray();

        Assert.That(reasons, Is.EqualTo(new[]
        {
            "skipped: memory 61 % > 60 %",
            "skipped: memory 58 %, under pressure until below 55 %",
            "skipped: memory 55 %, under pressure until below 55 %",
            null,
            null,
            null,
            "skipped: memory 61 % > 60 %",
        }));
    }

    [Test]
    public void SkipReason_CpuFallsWithinHysteresis_KeepsSkipping()
    {
        _policy.SkipReason(Priority.High, State(cpu: 90, memory: 30));

        Assert.That(_policy.SkipReason(Priority.High, State(cpu: 82, memory: 30)), Is.EqualTo("skipped: CPU 82 %, under pressure until below 80 %"));
        Assert.That(_policy.SkipReason(Priority.High, State(cpu: 79, memory: 30)), Is.Null);
    }

    [Test]
    public void Observe_BetweenFires_TracksPressureForTheNextDecision()
    {
        _policy.Observe(State(cpu: 40, memory: 70));

        Assert.That(_policy.UnderMemoryPressure, Is.True);
        Assert.That(_policy.SkipReason(Priority.Low, State(cpu: 40, memory: 57)), Is.EqualTo("skipped: memory 57 %, under pressure until below 55 %"));
    }

    [Test]
    public void SkipReason_JustAboveThreshold_ShowsTenthsSoTheComparisonReadsTrue()
    {
        Assert.That(_policy.SkipReason(Priority.Low, State(cpu: 40, memory: 60.3)), Is.EqualTo("skipped: memory 60.3 % > 60 %"));
    }

    private static LoadState State(double cpu, double memory) =>
        new(DateTimeOffset.UnixEpoch, cpu, memory, cpu, memory, LoadBand.Normal, 1);
}
