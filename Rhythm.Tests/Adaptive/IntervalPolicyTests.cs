using Rhythm.Adaptive;
using Rhythm.Model;

namespace Rhythm.Tests.Adaptive;

[TestFixture]
public sealed class IntervalPolicyTests
{
    private static readonly AdaptiveSettings Defaults = new();

    [TestCase(10, LoadBand.Idle, 8)]
    [TestCase(10, LoadBand.Normal, 10)]
    [TestCase(10, LoadBand.Busy, 15)]
    [TestCase(30, LoadBand.Idle, 24)]
    [TestCase(30, LoadBand.Busy, 45)]
    public void Current_EveryGroup_AppliesTheBandFactor(int minutes, LoadBand band, int expectedMinutes)
    {
        var group = Every(TimeSpan.FromMinutes(minutes));

        Assert.That(IntervalPolicy.Current(group, band, Defaults), Is.EqualTo(TimeSpan.FromMinutes(expectedMinutes)));
    }

    [Test]
    public void Current_BusyBeyondMaxEvery_IsCappedAtMaxEvery()
    {
        var group = Every(TimeSpan.FromMinutes(10)) with { MaxEvery = TimeSpan.FromMinutes(12) };

        Assert.That(IntervalPolicy.Current(group, LoadBand.Busy, Defaults), Is.EqualTo(TimeSpan.FromMinutes(12)));
    }

    [Test]
    public void Current_IdleBelowMinEvery_IsRaisedToMinEvery()
    {
        var group = Every(TimeSpan.FromMinutes(10)) with { MinEvery = TimeSpan.FromMinutes(9) };

        Assert.That(IntervalPolicy.Current(group, LoadBand.Idle, Defaults), Is.EqualTo(TimeSpan.FromMinutes(9)));
    }

    [Test]
    public void Current_GroupNotAdaptive_KeepsTheBase()
    {
        var group = Every(TimeSpan.FromMinutes(10)) with { Adaptive = false };

        Assert.That(IntervalPolicy.Current(group, LoadBand.Busy, Defaults), Is.EqualTo(TimeSpan.FromMinutes(10)));
    }

    [Test]
    public void Current_AdaptiveDisabledInFile_KeepsTheBase()
    {
        var settings = new AdaptiveSettings { Enabled = false };

        Assert.That(IntervalPolicy.Current(Every(TimeSpan.FromMinutes(10)), LoadBand.Idle, settings), Is.EqualTo(TimeSpan.FromMinutes(10)));
    }

    [Test]
    public void Current_DailyGroup_ThrowsBecauseThereIsNoInterval()
    {
        var group = Every(TimeSpan.FromMinutes(10)) with { Name = "daily", Schedule = new DailySchedule(new TimeOnly(3, 0)) };

        var error = Assert.Throws<ArgumentException>(() => IntervalPolicy.Current(group, LoadBand.Busy, Defaults));

        Assert.That(error!.Message, Does.StartWith("Group 'daily' runs daily at 03:00; only 'every' schedules have an interval to adapt."));
    }

    [Test]
    public void IsAdaptive_AtAndCronGroups_AreLeftAlone()
    {
        var daily = Every(TimeSpan.FromMinutes(10)) with { Schedule = new DailySchedule(new TimeOnly(3, 0)) };
        var cron = Every(TimeSpan.FromMinutes(10)) with { Schedule = new CronSchedule("0 0/5 * * * ?") };

        Assert.Multiple(() =>
        {
            Assert.That(IntervalPolicy.IsAdaptive(daily, Defaults), Is.False);
            Assert.That(IntervalPolicy.IsAdaptive(cron, Defaults), Is.False);
            Assert.That(IntervalPolicy.IsAdaptive(Every(TimeSpan.FromMinutes(10)), Defaults), Is.True);
            Assert.That(IntervalPolicy.Reason(daily, LoadBand.Busy, 90, Defaults), Is.EqualTo("fixed: daily at 03:00"));
            Assert.That(IntervalPolicy.Reason(cron, LoadBand.Idle, 5, Defaults), Is.EqualTo("fixed: cron 0 0/5 * * * ?"));
        });
    }

    [TestCase(LoadBand.Busy, 78.0, "busy: CPU 78 %, x1.5")]
    [TestCase(LoadBand.Idle, 12.4, "idle: CPU 12 %, x0.8")]
    [TestCase(LoadBand.Normal, 44.5, "normal: CPU 45 %")]
    [TestCase(LoadBand.Busy, 66.0, "busy: CPU 66 %, x1.5")]
    [TestCase(LoadBand.Busy, 70.3, "busy: CPU 70.3 %, x1.5")]
    [TestCase(LoadBand.Idle, 19.7, "idle: CPU 19.7 %, x0.8")]
    public void Reason_EveryGroup_NamesBandCpuAndFactor(LoadBand band, double cpu, string expected)
    {
        Assert.That(IntervalPolicy.Reason(Every(TimeSpan.FromMinutes(10)), band, cpu, Defaults), Is.EqualTo(expected));
    }

    [Test]
    public void Reason_AdaptiveOff_SaysFixed()
    {
        var group = Every(TimeSpan.FromMinutes(10)) with { Adaptive = false };

        Assert.That(IntervalPolicy.Reason(group, LoadBand.Busy, 78, Defaults), Is.EqualTo("fixed: adaptive off"));
        Assert.That(IntervalPolicy.Reason(Every(TimeSpan.FromMinutes(10)), LoadBand.Busy, 78, new AdaptiveSettings { Enabled = false }),
            Is.EqualTo("fixed: adaptive off"));
    }

    [Test]
    public void Reason_Capped_NamesMaxEvery()
    {
        var group = Every(TimeSpan.FromMinutes(50)) with { MaxEvery = TimeSpan.FromHours(1) };

        Assert.That(IntervalPolicy.Reason(group, LoadBand.Busy, 78, Defaults), Is.EqualTo("busy: CPU 78 %, x1.5, capped at maxEvery 1h"));
    }

    [Test]
    public void Reason_Raised_NamesMinEvery()
    {
        var group = Every(TimeSpan.FromMinutes(10)) with { MinEvery = TimeSpan.FromMinutes(9) };

        Assert.That(IntervalPolicy.Reason(group, LoadBand.Idle, 12, Defaults), Is.EqualTo("idle: CPU 12 %, x0.8, raised to minEvery 9m"));
    }

    [Test]
    public void Reason_FromLoadState_UsesItsBandAndSmoothedCpu()
    {
        var state = new LoadState(DateTimeOffset.UnixEpoch, Cpu: 99, Memory: 40, SmoothedCpu: 78.2, SmoothedMemory: 40, LoadBand.Busy, 1.5);

        Assert.That(IntervalPolicy.Reason(Every(TimeSpan.FromMinutes(10)), state, Defaults), Is.EqualTo("busy: CPU 78 %, x1.5"));
    }

    [TestCase(LoadBand.Idle, 0.8)]
    [TestCase(LoadBand.Normal, 1.0)]
    [TestCase(LoadBand.Busy, 1.5)]
    public void Factor_EachBand_IsTheConfiguredFactor(LoadBand band, double expected)
    {
        Assert.That(IntervalPolicy.Factor(band, Defaults), Is.EqualTo(expected));
    }

    private static GroupDefinition Every(TimeSpan interval) => new()
    {
        Name = "health-check",
        Schedule = new EverySchedule(interval),
        Steps = [new StepDefinition { Name = "check", Run = "builtin:health" }],
    };
}
