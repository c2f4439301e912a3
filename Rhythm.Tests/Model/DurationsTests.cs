using Rhythm.Model;

namespace Rhythm.Tests.Model;

public sealed class DurationsTests
{
    [TestCase("500ms", 500)]
    [TestCase("90s", 90_000)]
    [TestCase("10m", 600_000)]
    [TestCase("2h", 7_200_000)]
    [TestCase("1d", 86_400_000)]
    [TestCase("1h30m", 5_400_000)]
    [TestCase("1.5s", 1_500)]
    [TestCase(" 10m ", 600_000)]
    public void TryParse_AcceptedForm_GivesTheDuration(string text, long milliseconds)
    {
        Assert.Multiple(() =>
        {
            Assert.That(Durations.TryParse(text, out var value), Is.True);
            Assert.That(value, Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
        });
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("10")]
    [TestCase("10 m")]
    [TestCase("10M")]
    [TestCase("10min")]
    [TestCase("-1m")]
    [TestCase("0s")]
    [TestCase("3651d")]
    [TestCase("m10")]
    public void TryParse_OtherText_IsRefused(string? text)
    {
        Assert.That(Durations.TryParse(text, out _), Is.False);
    }

    [TestCase("500ms")]
    [TestCase("45s")]
    [TestCase("8m")]
    [TestCase("2h")]
    [TestCase("1d")]
    [TestCase("1h30m")]
    [TestCase("1d2h3m4s")]
    [TestCase("1.5s")]
    [TestCase("2m0.25s")]
    public void Format_CanonicalText_RoundTrips(string text)
    {
        Assert.That(Durations.TryParse(text, out var value), Is.True);

        Assert.That(Durations.Format(value), Is.EqualTo(text));
    }

    [Test]
    public void Format_ThenParse_GivesTheSameDurationForManyValues()
    {
        var random = new Random(42);
        for (var i = 0; i < 1_000; i++)
        {
            var value = TimeSpan.FromMilliseconds(random.NextInt64(1, (long)TimeSpan.FromDays(3650).TotalMilliseconds));

            var text = Durations.Format(value);

            Assert.That(Durations.TryParse(text, out var back), Is.True, text);
            Assert.That(back, Is.EqualTo(value), text);
        }
    }

    [TestCase(90, "1m30s")]
    [TestCase(3600, "1h")]
    [TestCase(600, "10m")]
    public void Format_Seconds_WritesTheShortForm(int seconds, string text)
    {
        Assert.That(Durations.Format(TimeSpan.FromSeconds(seconds)), Is.EqualTo(text));
    }
}
