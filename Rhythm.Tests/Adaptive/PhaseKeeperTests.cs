using Rhythm.Adaptive;

namespace Rhythm.Tests.Adaptive;

[TestFixture]
public sealed class PhaseKeeperTests
{
    private static readonly DateTimeOffset Noon = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void NextFire_StretchedAfterRecentFire_CountsFromTheLastFire()
    {
        var next = PhaseKeeper.NextFire(lastFire: Noon, currentNext: At(10), newInterval: Minutes(15), now: At(5));

        Assert.That(next, Is.EqualTo(At(15)));
    }

    [Test]
    public void NextFire_ShrunkAfterRecentFire_CountsFromTheLastFireNotFromNow()
    {
        var next = PhaseKeeper.NextFire(lastFire: Noon, currentNext: At(10), newInterval: Minutes(8), now: At(2));

        Assert.That(next, Is.EqualTo(At(8)));
    }

    [Test]
    public void NextFire_ShrunkIntervalAlreadyOver_FiresNow()
    {
        var next = PhaseKeeper.NextFire(lastFire: Noon, currentNext: At(10), newInterval: Minutes(8), now: At(9));

        Assert.That(next, Is.EqualTo(At(9)));
    }

    [Test]
    public void NextFire_LongOverdue_FiresOnceNowRatherThanCatchingUp()
    {
        var next = PhaseKeeper.NextFire(lastFire: Noon, currentNext: At(10), newInterval: Minutes(8), now: At(120));

        Assert.That(next, Is.EqualTo(At(120)));
    }

    [Test]
    public void NextFire_NeverFiredAndPendingIsSooner_KeepsThePendingTime()
    {
        var next = PhaseKeeper.NextFire(lastFire: null, currentNext: At(3), newInterval: Minutes(15), now: Noon);

        Assert.That(next, Is.EqualTo(At(3)));
    }

    [Test]
    public void NextFire_NeverFiredAndPendingIsLater_BringsItToNowPlusInterval()
    {
        var next = PhaseKeeper.NextFire(lastFire: null, currentNext: At(10), newInterval: Minutes(8), now: Noon);

        Assert.That(next, Is.EqualTo(At(8)));
    }

    [Test]
    public void NextFire_NeverFiredAndPendingIsPast_FiresNow()
    {
        var next = PhaseKeeper.NextFire(lastFire: null, currentNext: At(-5), newInterval: Minutes(8), now: Noon);

        Assert.That(next, Is.EqualTo(Noon));
    }

    private static DateTimeOffset At(int minutesAfterNoon) => Noon.AddMinutes(minutesAfterNoon);

    private static TimeSpan Minutes(int minutes) => TimeSpan.FromMinutes(minutes);
}
