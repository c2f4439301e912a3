using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Rhythm.History;
using Rhythm.Jobs.Builtins.Report;
using Rhythm.Jobs.Processes;
using Rhythm.Model;
using Rhythm.Steps;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Jobs.Builtins;

/// <summary>
/// The report of a day the real engine ran on virtual time (scripted load that idles at night, gets busy after
/// lunch and presses memory in the evening; a health check failing for 40 minutes), opened in headless Chromium.
/// </summary>
/// <remarks>
/// Chromium is Debian's package, installed by .ci/run. Without it the test is skipped on a workstation, but in CI
/// (the CI variable set) it must run.
/// </remarks>
[Platform(Include = "Linux")]
public sealed partial class ReportChromiumTests
{
    private static readonly TimeSpan ChromiumLimit = TimeSpan.FromMinutes(2);

    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public async Task Report_OfADayTheEngineRan_ShowsItsChartsInChromium()
    {
        var chromium = FindChromium();
        var report = await WriteReportOfSimulatedDayAsync();

        var dom = await RunChromiumAsync(chromium, "--dump-dom", new Uri(report).AbsoluteUri);

        Assert.That(dom, Does.Contain("<svg id=\"cpu-chart\"").And.Contain("<svg id=\"memory-chart\"")
            .And.Contain("<svg id=\"interval-chart\"").And.Contain("<svg id=\"timeline-chart\""));
        Assert.Multiple(() =>
        {
            Assert.That(Segments(PathData(dom, "series cpu")), Is.GreaterThan(300), "a day sampled every minute, one point per 2-minute bucket");
            Assert.That(Segments(PathData(dom, "series memory")), Is.GreaterThan(300));
            foreach (var group in new[] { "health-check", "performance", "maintenance", "event-analysis" })
            {
                Assert.That(dom, Does.Match($"<path class=\"series interval\" data-group=\"{group}\" data-points=\"\\d+\""), group);
            }

            Assert.That(Regex.Count(dom, "<rect class=\"run succeeded\""), Is.GreaterThan(150));
            Assert.That(Regex.Count(dom, "<rect class=\"run failed\""), Is.EqualTo(3), "health-check failed at 11:10, 11:20 and 11:30 (the 11:00 run came before the failures began)");
            Assert.That(Regex.Count(dom, "<rect class=\"mark waiting\""), Is.GreaterThan(0));
            Assert.That(Regex.Count(dom, "<rect class=\"mark skipped\""), Is.GreaterThan(0), "memory pressure in the evening sheds medium groups");
            Assert.That(dom, Does.Contain("<table id=\"groups\""));
        });

        var screenshot = _folder.File("report.png");
        await RunChromiumAsync(chromium, $"--screenshot={screenshot}", "--window-size=1280,2000", "--hide-scrollbars", new Uri(report).AbsoluteUri);

        Assert.That(File.Exists(screenshot), Is.True, "chromium wrote no screenshot");
        Assert.That(new FileInfo(screenshot).Length, Is.GreaterThan(10 * 1024), "the screenshot is next to empty");
        var kept = Path.Combine(TestContext.CurrentContext.WorkDirectory, "report-screenshot.png");
        File.Copy(screenshot, kept, overwrite: true);
        TestContext.AddTestAttachment(kept, "the report as Chromium renders it");
    }

    private async Task<string> WriteReportOfSimulatedDayAsync()
    {
        var groups = new[]
        {
            Group("health-check", new EverySchedule(TimeSpan.FromMinutes(10)), Priority.Critical),
            Group("performance", new EverySchedule(TimeSpan.FromMinutes(30)), Priority.High, "health-check"),
            Group("maintenance", new EverySchedule(TimeSpan.FromMinutes(60)), Priority.Medium, "performance"),
            Group("daily-routine", new DailySchedule(new TimeOnly(3, 0)), Priority.Low, "maintenance"),
            Group("event-analysis", new EverySchedule(TimeSpan.FromMinutes(120)), Priority.Medium, "performance"),
        };
        var file = new JobsFile
        {
            SourcePath = _folder.File("jobs.json"),
            Groups = groups,
            Rhythm = new RhythmSettings { MaxConcurrency = 4, SampleEvery = TimeSpan.FromMinutes(1) },
        };
        var script = new StepScript();
        var time = new Rhythm.Simulation.VirtualTimeProvider(EngineHarness.Monday9, TimeZoneInfo.Utc);
        var load = new ScriptedLoad(time) { Profile = DayProfile };
        await using var engine = await EngineHarness.StartAsync(file, time, script, load);

        await engine.AdvanceAsync(TimeSpan.FromHours(2));
        script.Fail("health-check");
        await engine.AdvanceAsync(TimeSpan.FromMinutes(35));
        script.Succeed("health-check");
        await engine.AdvanceAsync(TimeSpan.FromHours(22) - TimeSpan.FromMinutes(35));
        await engine.SettleAsync();

        var step = new StepDefinition { Name = "daily-report", Run = "builtin:report" };
        var context = new StepContext(groups[3], step, file, 1, time.GetUtcNow(), new CapturingLogger(), dryRun: false);
        var outcome = await new ReportStep(engine.Services.GetRequiredService<IRhythmHistory>(), time).ExecuteAsync(context, CancellationToken.None);
        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded), outcome.Message);
        return _folder.File("reports/latest.html");
    }

    /// <summary>Quiet nights, a busy early afternoon, memory pressure in the early evening, and a little jitter throughout.</summary>
    private static (double Cpu, double Memory) DayProfile(DateTimeOffset at)
    {
        var hour = at.UtcDateTime.Hour;
        var jitter = 5 * Math.Sin(at.ToUnixTimeSeconds() / 420.0) + (3 * Math.Sin(at.ToUnixTimeSeconds() / 97.0));
        var (cpu, memory) = hour switch
        {
            < 6 => (9.0, 34.0),
            < 12 => (38.0, 44.0),
            < 16 => (82.0, 52.0),
            < 18 => (46.0, 67.0),
            _ => (28.0, 41.0),
        };
        return (Math.Clamp(cpu + jitter, 0, 100), Math.Clamp(memory + (jitter / 2), 0, 100));
    }

    private static GroupDefinition Group(string name, GroupSchedule schedule, Priority priority, params string[] after) => new()
    {
        Name = name,
        Schedule = schedule,
        Priority = priority,
        After = after,
        Steps = [new StepDefinition { Name = "work", Run = "builtin:scripted" }],
    };

    private static string FindChromium()
    {
        var found = File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : Rhythm.Jobs.Processes.ExecutableSearch.Find("chromium", Environment.GetEnvironmentVariable("PATH"));
        if (found is null)
        {
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            {
                Assert.Fail("chromium is not installed, and in CI the report must be checked in a real browser (.ci/run installs Debian's chromium)");
            }

            Assert.Ignore("chromium is not installed (apt-get install chromium); CI runs this test");
        }

        return found!;
    }

    /// <summary>
    /// Runs Chromium as a Rhythm step, through the real process runner: Chromium starts zygotes, renderers and a
    /// crash handler that daemonizes, and since this test process is a subreaper (as the host is) they would be left
    /// here as zombies. The runner owns that whole tree and stops and reaps it when the browser exits.
    /// </summary>
    private async Task<string> RunChromiumAsync(string chromium, params string[] arguments)
    {
        var output = _folder.File($"chromium-{Guid.NewGuid():N}.out");
        List<string> args =
        [
            "-c", "out=$1; shift; exec \"$@\" > \"$out\"", "sh", output, chromium,
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={_folder.File("chromium-profile")}",
        ];
        args.AddRange(arguments);
        var step = new StepDefinition { Name = "chromium", Run = "/bin/sh", Args = args, Timeout = ChromiumLimit };
        var runner = new ProcessStepRunner(new ProcessTracker(), new InMemoryProcessLedger(), TimeProvider.System);
        var logger = new CapturingLogger();

        var outcome = await runner.ExecuteAsync(StepContexts.For(step, _folder.Path, logger), CancellationToken.None);

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded), $"chromium: {outcome.Message}\n{outcome.OutputTail}");
        return File.ReadAllText(output);
    }

    private static string PathData(string dom, string cssClass) =>
        Regex.Match(dom, $"<path class=\"{cssClass}\"[^>]* d=\"([^\"]*)\"").Groups[1].Value;

    private static int Segments(string pathData) => Regex.Count(pathData, "[ML]");
}
