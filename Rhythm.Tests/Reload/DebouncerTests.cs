using Microsoft.Extensions.Time.Testing;
using Rhythm.Reload;

namespace Rhythm.Tests.Reload;

[TestFixture]
internal sealed class DebouncerTests
{
    private FakeTimeProvider _time = null!;
    private int _calls;
    private Debouncer _debouncer = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        _calls = 0;
        _debouncer = new Debouncer(_time, TimeSpan.FromMilliseconds(500), () => Interlocked.Increment(ref _calls));
    }

    [TearDown]
    public void TearDown() => _debouncer.Dispose();

    [Test]
    public void Poke_BurstOfWrites_RunsOnceAfterTheLastIsQuietFor500ms()
    {
        _debouncer.Poke();
        _time.Advance(TimeSpan.FromMilliseconds(300));
        _debouncer.Poke();
        _time.Advance(TimeSpan.FromMilliseconds(300));
        _debouncer.Poke();
        _time.Advance(TimeSpan.FromMilliseconds(499));

        Assert.That(_calls, Is.Zero, "still inside the quiet time of the last write");

        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.That(_calls, Is.EqualTo(1));
    }

    [Test]
    public void Poke_TwoSavesFarApart_RunsTwice()
    {
        _debouncer.Poke();
        _time.Advance(TimeSpan.FromSeconds(1));
        _debouncer.Poke();
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.That(_calls, Is.EqualTo(2));
    }

    [Test]
    public void Poke_Never_NeverRuns()
    {
        _time.Advance(TimeSpan.FromHours(1));

        Assert.That(_calls, Is.Zero);
    }
}
