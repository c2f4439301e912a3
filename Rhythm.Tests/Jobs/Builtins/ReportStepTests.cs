using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Rhythm.History;
using Rhythm.Steps;

namespace Rhythm.Tests.Jobs.Builtins;

/// <summary>builtin:report on history and metrics written through the engine's recorders to a real store.</summary>
public sealed partial class ReportStepTests
{
    private FakeTimeProvider _time = null!;
    private BuiltinsHost _host = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(DayOfHistory.End);
        _time.SetLocalTimeZone(TimeZoneInfo.Utc);
        _host = new BuiltinsHost(_time);
    }

    [TearDown]
    public void TearDown() => _host.Dispose();

    [Test]
    public async Task Execute_DayOfHistory_WritesDatedReportAndLatest()
    {
        DayOfHistory.Seed(_host);

        var outcome = await _host.RunAsync("report");

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded));
        Assert.That(outcome.Message, Is.EqualTo("report-20260106-0900.html: last 1d, 5 groups, 30 runs, 5 failed, 2 waits, 1 skip, 4 load samples"));
        Assert.That(File.ReadAllText(_host.Folder.File("reports/latest.html")), Is.EqualTo(File.ReadAllText(_host.Folder.File("reports/report-20260106-0900.html"))));
    }

    [Test]
    public async Task Execute_DayOfHistory_TablesRunsFailuresWaitsAndSkipsPerGroup()
    {
        DayOfHistory.Seed(_host);

        await _host.RunAsync("report");

        var html = Latest();
        var performance = Row(html, "performance");
        Assert.Multiple(() =>
        {
            Assert.That(Cell(performance, "runs"), Is.EqualTo("20"));
            Assert.That(Cell(performance, "succeeded"), Is.EqualTo("15"));
            Assert.That(Cell(performance, "failed"), Is.EqualTo("5"));
            Assert.That(Cell(performance, "waits"), Is.EqualTo("2"));
            Assert.That(Cell(performance, "skips"), Is.EqualTo("1"));
            Assert.That(Cell(performance, "rate"), Is.EqualTo("25%"));
            Assert.That(performance, Does.Contain("<td class=\"n\">10s</td><td class=\"n\">19s</td>"), "p50 and p95");
            Assert.That(Cell(Row(html, "health-check"), "runs"), Is.EqualTo("10"));
            Assert.That(Cell(Row(html, "maintenance"), "runs"), Is.EqualTo("0"));
        });
        Assert.That(html, Does.Contain("<div class=\"card\" id=\"total-runs\"><span class=\"value\">30</span>"));
        Assert.That(html, Does.Contain("<div class=\"card\" id=\"total-failures\"><span class=\"value\">5</span>"));
    }

    [Test]
    public async Task Execute_DayOfHistory_DrawsTheChartsWithStableIds()
    {
        DayOfHistory.Seed(_host);

        await _host.RunAsync("report");

        var html = Latest();
        // Four samples half an hour apart, far beyond the 15 s sampling: four separate dots, not a line across the gaps.
        Assert.That(SeriesPath(html, "cpu"), Does.Match(@"^(M[\d.]+ [\d.]+ h0 ?){4}$"));
        Assert.That(SeriesPath(html, "memory"), Does.Match(@"^(M[\d.]+ [\d.]+ h0 ?){4}$"));
        Assert.That(html, Does.Contain("<svg id=\"cpu-chart\"").And.Contain("<svg id=\"memory-chart\"")
            .And.Contain("<svg id=\"interval-chart\"").And.Contain("<svg id=\"timeline-chart\""));
        Assert.That(html, Does.Match("<path class=\"series interval\" data-group=\"performance\" data-points=\"19\""), "20 runs, 19 gaps");
        Assert.That(Regex.Count(html, "<rect class=\"run succeeded\""), Is.EqualTo(25));
        Assert.That(Regex.Count(html, "<rect class=\"run failed\""), Is.EqualTo(5));
        Assert.That(Regex.Count(html, "<rect class=\"mark waiting\""), Is.EqualTo(2));
        Assert.That(Regex.Count(html, "<rect class=\"mark skipped\""), Is.EqualTo(1));
    }

    [Test]
    public async Task Execute_Always_WritesASelfContainedPage()
    {
        DayOfHistory.Seed(_host);

        await _host.RunAsync("report");

        var html = Latest();
        Assert.That(html, Does.Not.Contain("<script").And.Not.Contain(" src=").And.Not.Contain(" href=").And.Not.Contain("url("));
        Assert.That(Regex.Matches(html, "https?://[^\"]+").Select(m => m.Value).Distinct(), Is.EqualTo(new[] { "http://www.w3.org/2000/svg" }));
    }

    [Test]
    public async Task Execute_FailureReasonWithMarkup_IsShownAsText()
    {
        _host.Run("performance", DayOfHistory.End - TimeSpan.FromHours(1), TimeSpan.Zero, TimeSpan.FromSeconds(3), RunOutcome.Failed,
            "step 'work' failed: <script>alert('x')</script> & more");

        await _host.RunAsync("report");

        var html = Latest();
        Assert.That(html, Does.Contain("<td class=\"reason\">step &#39;work&#39; failed: &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more</td>"));
        Assert.That(html, Does.Not.Contain("<script"));
    }

    [Test]
    public async Task Execute_NoHistory_SaysSoInEachChart()
    {
        var outcome = await _host.RunAsync("report");

        Assert.That(outcome.Message, Is.EqualTo("report-20260106-0900.html: last 1d, 5 groups, 0 runs, 0 failed, 0 waits, 0 skips, 0 load samples"));
        var html = Latest();
        Assert.That(Regex.Count(html, "no load samples in this window"), Is.EqualTo(2));
        Assert.That(html, Does.Contain("fewer than two runs per group in this window").And.Contain("No run failed in this window."));
    }

    [Test]
    public async Task Execute_MoreReportsThanKeep_RemovesTheOldest()
    {
        for (var i = 0; i < 3; i++)
        {
            await _host.RunAsync("report", """{ "folder": "site/daily", "keep": 2, "window": "6h" }""");
            _time.Advance(TimeSpan.FromDays(1));
        }

        Assert.That(Directory.GetFiles(_host.Folder.File("site/daily")).Select(Path.GetFileName).Order(),
            Is.EqualTo(new[] { "latest.html", "report-20260107-0900.html", "report-20260108-0900.html" }));
        Assert.That(_host.Logger.Messages.Last(), Does.EndWith("(1 old report removed)"));
    }

    [Test]
    public async Task Execute_DryRun_WritesNothing()
    {
        var outcome = await _host.RunAsync("report", dryRun: true);

        Assert.That(outcome.Message, Is.EqualTo(
            $"would report the last 1d to {_host.Folder.File("reports/report-20260106-0900.html")} and latest.html, keeping the newest 30"));
        Assert.That(Directory.Exists(_host.Folder.File("reports")), Is.False);
    }

    [TestCase("""{ "keep": -1 }""", "builtin:report: option 'keep' must be a whole number from 1 to 100000, found -1")]
    [TestCase("""{ "window": 24 }""", "builtin:report: option 'window' must be a duration such as \"500ms\", \"30s\", \"10m\", \"6h\" or \"7d\", found 24")]
    [TestCase("""{ "title": "Daily" }""", "builtin:report: unknown option 'title' in \"with\". Known options: window, folder, keep")]
    public async Task Execute_BadWith_FailsNamingTheOption(string with, string message)
    {
        var outcome = await _host.RunAsync("report", with);

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Failed));
        Assert.That(outcome.Message, Is.EqualTo(message));
    }

    private string Latest() => File.ReadAllText(_host.Folder.File("reports/latest.html"));

    private static string Row(string html, string group) =>
        Regex.Match(html, $"<tr data-group=\"{group}\"[^>]*>.*?</tr>").Value;

    private static string Cell(string row, string cssClass) =>
        Regex.Match(row, $"<td class=\"n {cssClass}\">([^<]*)</td>").Groups[1].Value;

    private static string SeriesPath(string html, string series) =>
        Regex.Match(html, $"<path class=\"series {series}\"[^>]* d=\"([^\"]*)\"").Groups[1].Value;
}
