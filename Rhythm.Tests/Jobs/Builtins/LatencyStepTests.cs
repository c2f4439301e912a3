using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Rhythm.History;
using Rhythm.Steps;

namespace Rhythm.Tests.Jobs.Builtins;

/// <summary>builtin:latency on history written through the engine's recorder to a real store.</summary>
public sealed class LatencyStepTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 6, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset RecentStart = Now - TimeSpan.FromHours(6);
    private static readonly DateTimeOffset BaselineDay = Now - TimeSpan.FromDays(2);

    private const string Counts = "3 compared, 2 with fewer than 3 runs in a period; the last 6h with the 7d before";

    private FakeTimeProvider _time = null!;
    private BuiltinsHost _host = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(Now);
        _host = new BuiltinsHost(_time);
    }

    [TearDown]
    public void TearDown() => _host.Dispose();

    [Test]
    public async Task Execute_GroupsGotSlower_FlagsLatencyAndDurationGrowthButSucceeds()
    {
        Seed();

        var outcome = await _host.RunAsync("latency");

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded));
        Assert.That(outcome.Message, Is.EqualTo(
            "2 groups more than 50% slower: health-check: p95 start latency 1s -> 5s (+400%); performance: p95 duration 10s -> 20s (+100%) (" + Counts + ")"));
        Assert.That(_host.Logger.Contains(LogLevel.Warning, "latency: health-check: p95 start latency 1s -> 5s (+400%)"), Is.True);
        Assert.That(_host.Logger.Contains(LogLevel.Information,
            "latency: performance: start latency p50 2s p95 2s, duration p95 20s over 6 runs; baseline 2s and 10s over 10 runs"), Is.True);
    }

    [Test]
    public async Task Execute_FailOnSlower_FailsWithTheSameFindings()
    {
        Seed();

        var outcome = await _host.RunAsync("latency", """{ "failOnSlower": true }""");

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Failed));
        Assert.That(outcome.Message, Does.StartWith("2 groups more than 50% slower: health-check: "));
    }

    [Test]
    public async Task Execute_HigherSlowerBy_FlagsOnlyTheBiggerGrowth()
    {
        Seed();

        var outcome = await _host.RunAsync("latency", """{ "slowerBy": 150 }""");

        Assert.That(outcome.Message, Is.EqualTo("1 group more than 150% slower: health-check: p95 start latency 1s -> 5s (+400%) (" + Counts + ")"));
    }

    [Test]
    public async Task Execute_ShorterRecentPeriod_NeedsEnoughRunsInIt()
    {
        Seed();

        // In the last hour only performance's 08:05 run is recent: one run is not a trend.
        var outcome = await _host.RunAsync("latency", """{ "recent": "1h", "baseline": "2d" }""");

        Assert.That(outcome.Message, Is.EqualTo("no group slower than its baseline (0 compared, 5 with fewer than 3 runs in a period; the last 1h with the 2d before)"));
    }

    [Test]
    public async Task Execute_NoHistory_SaysNothingWasComparable()
    {
        var outcome = await _host.RunAsync("latency");

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded));
        Assert.That(outcome.Message, Is.EqualTo("no group slower than its baseline (0 compared, 5 with fewer than 3 runs in a period; the last 6h with the 7d before)"));
    }

    [Test]
    public async Task Execute_DryRun_ReadsNothing()
    {
        var outcome = await _host.RunAsync("latency", dryRun: true);

        Assert.That(outcome.Message, Is.EqualTo("would compare the last 6h with the 7d before and flag groups more than 50% slower"));
    }

    [TestCase("""{ "slowerBy": 0 }""", "builtin:latency: option 'slowerBy' must be a percentage from 1 to 10000, found 0")]
    [TestCase("""{ "failOnSlower": "true" }""", "builtin:latency: option 'failOnSlower' must be true or false, found \"true\"")]
    [TestCase("""{ "recent": "0s" }""", "builtin:latency: option 'recent' must be a duration such as \"500ms\", \"30s\", \"10m\", \"6h\" or \"7d\", found \"0s\"")]
    [TestCase("""{ "slowerby": 20 }""", "builtin:latency: unknown option 'slowerby' in \"with\". Did you mean 'slowerBy'? Known options: recent, baseline, slowerBy, failOnSlower")]
    public async Task Execute_BadWith_FailsNamingTheOption(string with, string message)
    {
        var outcome = await _host.RunAsync("latency", with);

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Failed));
        Assert.That(outcome.Message, Is.EqualTo(message));
    }

    [Test]
    public void Execute_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.That(async () => await _host.RunAsync("latency", cancellationToken: cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    /// <summary>
    /// health-check started 1 s late before and 5 s late now; performance took 10 s before and 20 s now;
    /// maintenance grew by less than the noise floor; event-analysis has two recent runs only; daily-routine none.
    /// </summary>
    private void Seed()
    {
        for (var i = 0; i < 10; i++)
        {
            var before = BaselineDay + (i * TimeSpan.FromMinutes(10));
            _host.Run("health-check", before, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100));
            _host.Run("health-check", RecentStart + TimeSpan.FromMinutes(5) + (i * TimeSpan.FromMinutes(30)), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100));
            _host.Run("performance", before, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));
        }

        for (var i = 0; i < 6; i++)
        {
            _host.Run("performance", RecentStart + TimeSpan.FromMinutes(5) + (i * TimeSpan.FromHours(1)), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(20));
        }

        // Eight days ago is outside the 7-day baseline: were it counted, performance's baseline p95 would be an hour.
        _host.Run("performance", Now - TimeSpan.FromDays(8), TimeSpan.FromSeconds(2), TimeSpan.FromHours(1));
        _host.NotRun("performance", RecentStart + TimeSpan.FromMinutes(1), RunOutcome.Waiting, "waiting for 'health-check'");

        for (var i = 0; i < 5; i++)
        {
            _host.Run("maintenance", BaselineDay + (i * TimeSpan.FromHours(1)), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));
        }

        for (var i = 0; i < 3; i++)
        {
            _host.Run("maintenance", RecentStart + TimeSpan.FromMinutes(5) + (i * TimeSpan.FromHours(1)), TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(2.5));
        }

        for (var i = 0; i < 2; i++)
        {
            _host.Run("event-analysis", RecentStart + TimeSpan.FromMinutes(5) + (i * TimeSpan.FromHours(2)), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1));
            _host.Run("event-analysis", BaselineDay + (i * TimeSpan.FromHours(2)), TimeSpan.Zero, TimeSpan.FromSeconds(1));
        }
    }
}
