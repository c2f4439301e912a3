using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Rhythm.History;
using Rhythm.Jobs.Builtins.Trends;
using Rhythm.Model;
using Rhythm.Steps;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Jobs.Builtins;

/// <summary>builtin:trends on history and metrics written through the engine's recorders to a real store.</summary>
public sealed class TrendsStepTests
{
    private static readonly DateTimeOffset Now = DayOfHistory.End;

    private FakeTimeProvider _time = null!;
    private BuiltinsHost _host = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(Now);
        _time.SetLocalTimeZone(TimeZoneInfo.Utc);
        _host = new BuiltinsHost(_time);
    }

    [TearDown]
    public void TearDown() => _host.Dispose();

    [Test]
    public async Task Execute_DayOfHistory_WritesSnapshotWithPercentilesFailureRateAndLateStarts()
    {
        DayOfHistory.Seed(_host);

        var outcome = await _host.RunAsync("trends");

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded));
        Assert.That(outcome.Message, Is.EqualTo("last 1d: 5 groups, 30 runs, 5 failed, 3 late, 2 waits, 1 skip; snapshot trends-20260106T090000Z.json; first snapshot"));
        var snapshot = ReadSnapshot("snapshots/trends-20260106T090000Z.json");
        Assert.That(File.ReadAllText(_host.Folder.File("snapshots/latest.json")), Is.EqualTo(File.ReadAllText(_host.Folder.File("snapshots/trends-20260106T090000Z.json"))));

        var groups = snapshot.GetProperty("groups").EnumerateArray().ToList();
        Assert.That(groups.Select(g => g.GetProperty("name").GetString()),
            Is.EqualTo(new[] { "health-check", "performance", "maintenance", "daily-routine", "event-analysis" }));
        var performance = groups[1];
        Assert.Multiple(() =>
        {
            Assert.That(performance.GetProperty("runs").GetInt32(), Is.EqualTo(20));
            Assert.That(performance.GetProperty("succeeded").GetInt32(), Is.EqualTo(15));
            Assert.That(performance.GetProperty("failed").GetInt32(), Is.EqualTo(5));
            Assert.That(performance.GetProperty("failureRate").GetDouble(), Is.EqualTo(0.25));
            Assert.That(performance.GetProperty("durationP50Ms").GetInt64(), Is.EqualTo(10_000), "nearest rank: the 10th of 1..20 s");
            Assert.That(performance.GetProperty("durationP95Ms").GetInt64(), Is.EqualTo(19_000), "nearest rank: the 19th of 1..20 s");
            Assert.That(performance.GetProperty("lateStarts").GetInt32(), Is.EqualTo(3));
            Assert.That(performance.GetProperty("waits").GetInt32(), Is.EqualTo(2));
            Assert.That(performance.GetProperty("skips").GetInt32(), Is.EqualTo(1));
        });

        var health = groups[0];
        Assert.Multiple(() =>
        {
            Assert.That(health.GetProperty("runs").GetInt32(), Is.EqualTo(10), "the failed run 25 h ago is outside the window");
            Assert.That(health.GetProperty("failureRate").GetDouble(), Is.Zero);
            Assert.That(health.GetProperty("durationP95Ms").GetInt64(), Is.EqualTo(100));
            Assert.That(health.GetProperty("lateStarts").GetInt32(), Is.Zero);
        });

        var maintenance = groups[2];
        Assert.That(maintenance.GetProperty("runs").GetInt32(), Is.Zero);
        Assert.That(maintenance.GetProperty("durationP95Ms").ValueKind, Is.EqualTo(JsonValueKind.Null));

        Assert.Multiple(() =>
        {
            Assert.That(snapshot.GetProperty("window").GetString(), Is.EqualTo("1d"));
            Assert.That(snapshot.GetProperty("lateAfter").GetString(), Is.EqualTo("30s"));
            Assert.That(snapshot.GetProperty("takenAt").GetDateTimeOffset(), Is.EqualTo(Now));
        });
    }

    [Test]
    public async Task Execute_InterruptedAndCancelledRuns_CountAsRunsButNotAsFailuresOrDurations()
    {
        for (var i = 0; i < 3; i++)
        {
            _host.Run("performance", Now - TimeSpan.FromHours(6 - i), TimeSpan.Zero, TimeSpan.FromSeconds(i + 1));
        }

        // A crash "ends" its run when the next host starts, hours later; that is not how long the group takes.
        _host.Run("performance", Now - TimeSpan.FromHours(10), TimeSpan.Zero, TimeSpan.FromHours(3), RunOutcome.Interrupted, "the host stopped during the run (pid 4242)");
        _host.Run("performance", Now - TimeSpan.FromHours(2), TimeSpan.Zero, TimeSpan.FromSeconds(10), RunOutcome.Cancelled, "step 'work' cancelled: the host is stopping");

        await _host.RunAsync("trends");

        var performance = ReadSnapshot("snapshots/latest.json").GetProperty("groups")[1];
        Assert.Multiple(() =>
        {
            Assert.That(performance.GetProperty("runs").GetInt32(), Is.EqualTo(5));
            Assert.That(performance.GetProperty("failed").GetInt32(), Is.Zero);
            Assert.That(performance.GetProperty("failureRate").GetDouble(), Is.Zero);
            Assert.That(performance.GetProperty("durationP95Ms").GetInt64(), Is.EqualTo(3_000));
        });
    }

    [Test]
    public async Task Execute_DayOfMetrics_AveragesLoadPerHourOfDay()
    {
        DayOfHistory.Seed(_host);

        await _host.RunAsync("trends");

        var hours = ReadSnapshot("snapshots/latest.json").GetProperty("loadByHour").EnumerateArray().ToList();
        Assert.That(hours, Has.Count.EqualTo(24));
        Assert.Multiple(() =>
        {
            Assert.That(hours[2].GetProperty("samples").GetInt32(), Is.EqualTo(2));
            Assert.That(hours[2].GetProperty("cpu").GetDouble(), Is.EqualTo(15));
            Assert.That(hours[2].GetProperty("memory").GetDouble(), Is.EqualTo(35));
            Assert.That(hours[14].GetProperty("cpu").GetDouble(), Is.EqualTo(85));
            Assert.That(hours[14].GetProperty("memory").GetDouble(), Is.EqualTo(60));
            Assert.That(hours[8].GetProperty("samples").GetInt32(), Is.Zero, "the 08:00 sample of yesterday is outside the window");
            Assert.That(hours[8].GetProperty("cpu").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task Execute_SecondSnapshot_LogsWhatChanged()
    {
        DayOfHistory.Seed(_host);
        await _host.RunAsync("trends");
        _time.Advance(TimeSpan.FromMinutes(30));
        for (var i = 0; i < 4; i++)
        {
            _host.Run("performance", Now - TimeSpan.FromHours(1) + (i * TimeSpan.FromMinutes(10)), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60));
        }

        for (var i = 0; i < 3; i++)
        {
            _host.Run("health-check", Now + (i * TimeSpan.FromMinutes(10)), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100), RunOutcome.Failed, "unhealthy: cpu 97% >= 95%");
        }

        var outcome = await _host.RunAsync("trends");

        Assert.That(outcome.Message, Is.EqualTo(
            "last 1d: 5 groups, 37 runs, 8 failed, 3 late, 2 waits, 1 skip; snapshot trends-20260106T093000Z.json; "
            + "health-check: failure rate 0% -> 23%; performance: p95 19s -> 1m (+216%), failure rate 25% -> 21%"));
        Assert.That(_host.Logger.Contains(LogLevel.Information, "trends: performance: p95 19s -> 1m (+216%), failure rate 25% -> 21%"), Is.True);
        Assert.That(_host.Logger.Contains(LogLevel.Information, "trends: health-check: failure rate 0% -> 23%"), Is.True);
    }

    [Test]
    public async Task Execute_NothingChanged_SaysSo()
    {
        DayOfHistory.Seed(_host);
        await _host.RunAsync("trends");
        _time.Advance(TimeSpan.FromSeconds(1));

        var outcome = await _host.RunAsync("trends");

        Assert.That(outcome.Message, Does.EndWith("; snapshot trends-20260106T090001Z.json; no change since the previous snapshot"));
    }

    [Test]
    public async Task Execute_MoreSnapshotsThanKeep_RemovesTheOldestAndNothingElse()
    {
        var notes = _host.Folder.Write("trend-data/notes.txt", "kept by hand");

        for (var i = 0; i < 3; i++)
        {
            await _host.RunAsync("trends", """{ "folder": "trend-data", "keep": 2 }""");
            _time.Advance(TimeSpan.FromHours(1));
        }

        Assert.That(Directory.GetFiles(_host.Folder.File("trend-data")).Select(Path.GetFileName).Order(),
            Is.EqualTo(new[] { "latest.json", "notes.txt", "trends-20260106T100000Z.json", "trends-20260106T110000Z.json" }));
        Assert.That(File.Exists(notes), Is.True);
        Assert.That(_host.Logger.Messages.Last(), Does.Contain("(1 old snapshot removed)"));
    }

    [Test]
    public async Task Execute_PreviousSnapshotUnreadable_WarnsAndReplacesIt()
    {
        _host.Folder.Write("snapshots/latest.json", "{ not json");

        var outcome = await _host.RunAsync("trends");

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded));
        Assert.That(_host.Logger.Entries, Has.Some.Matches<(LogLevel Level, string Message)>(
            e => e.Level == LogLevel.Warning && e.Message.StartsWith("trends: the previous snapshot ", StringComparison.Ordinal)));
        Assert.That(ReadSnapshot("snapshots/latest.json").GetProperty("groups").GetArrayLength(), Is.EqualTo(5));
    }

    [Test]
    public async Task Execute_WindowAndLateAfter_AreHonoured()
    {
        DayOfHistory.Seed(_host);

        var outcome = await _host.RunAsync("trends", """{ "window": "11h", "lateAfter": "2s" }""");

        // Since 22:00: performance's last two runs (5 s late, the last one failed), health-check's ten (1 s late),
        // both waits and the skip.
        Assert.That(outcome.Message, Does.StartWith("last 11h: 5 groups, 12 runs, 1 failed, 2 late, 2 waits, 1 skip; "));
    }

    [Test]
    public async Task Execute_DryRun_WritesNothing()
    {
        DayOfHistory.Seed(_host);

        var outcome = await _host.RunAsync("trends", dryRun: true);

        Assert.That(outcome.Message, Is.EqualTo(
            $"would analyse the last 1d of history and write {_host.Folder.File("snapshots/trends-20260106T090000Z.json")} and latest.json, keeping the newest 100"));
        Assert.That(Directory.Exists(_host.Folder.File("snapshots")), Is.False);
    }

    [TestCase("""{ "keep": 0 }""", "builtin:trends: option 'keep' must be a whole number from 1 to 100000, found 0")]
    [TestCase("""{ "window": "1 day" }""", "builtin:trends: option 'window' must be a duration such as \"500ms\", \"30s\", \"10m\", \"6h\" or \"7d\", found \"1 day\"")]
    [TestCase("""{ "folder": "" }""", "builtin:trends: option 'folder' must be a non-empty string, found \"\"")]
    [TestCase("""{ "windw": "1h" }""", "builtin:trends: unknown option 'windw' in \"with\". Did you mean 'window'? Known options: window, lateAfter, folder, keep")]
    public async Task Execute_BadWith_FailsNamingTheOption(string with, string message)
    {
        var outcome = await _host.RunAsync("trends", with);

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Failed));
        Assert.That(outcome.Message, Is.EqualTo(message));
    }

    [Test]
    public async Task Snapshot_ReadByTheShippedRoutingScript_GivesWeightsFromP95AndFailureRate()
    {
        var python = Rhythm.Jobs.Processes.ExecutableSearch.Find("python3", Environment.GetEnvironmentVariable("PATH"));
        if (python is null)
        {
            Assert.Ignore("python3 is not installed");
        }

        DayOfHistory.Seed(_host);
        await _host.RunAsync("trends");
        var script = _host.Folder.Write("scripts/optimize_routing.py", File.ReadAllText(RepositoryFiles.Path("scripts/optimize_routing.py")));

        using var process = Process.Start(new ProcessStartInfo(python, [script]) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.That(process.ExitCode, Is.Zero, output);
        var weights = JsonDocument.Parse(File.ReadAllText(_host.Folder.File("state/routing.json"))).RootElement.GetProperty("weights");
        Assert.That(weights.GetProperty("performance").GetDouble(), Is.EqualTo(0.0395), "(1 - 0.25) * 1000 / 19000");
        Assert.That(weights.GetProperty("health-check").GetDouble(), Is.EqualTo(10.0), "1000 / 100");
    }

    [Test]
    public async Task Execute_OnHistoryTheEngineRecorded_CountsRunsFailuresAndWaits()
    {
        using var folder = new TempFolder();
        var file = EngineHarness.File(folder,
            EngineHarness.Every("health-check", TimeSpan.FromMinutes(10)),
            EngineHarness.Every("performance", TimeSpan.FromMinutes(30), "health-check"));
        var script = new StepScript();
        script.Fail("health-check");
        await using var engine = await EngineHarness.StartAsync(file, script: script);
        await engine.AdvanceAsync(TimeSpan.FromMinutes(35));
        script.Succeed("health-check");
        await engine.AdvanceAsync(TimeSpan.FromMinutes(65));
        await engine.SettleAsync();

        var trends = new TrendsStep(engine.Services.GetRequiredService<IRhythmHistory>(), engine.Time);
        var step = new StepDefinition { Name = "trends", Run = "builtin:trends" };
        var logger = new CapturingLogger();
        var outcome = await trends.ExecuteAsync(new StepContext(file.Groups[0], step, file, 1, engine.Time.GetUtcNow(), logger, dryRun: false), CancellationToken.None);

        var recorded = engine.History.Recent(null, 1000);
        int Count(string group, params RunOutcome[] outcomes) => recorded.Count(r => r.Group == group && outcomes.Contains(r.Outcome));
        var snapshot = JsonDocument.Parse(File.ReadAllText(folder.File("snapshots/latest.json"))).RootElement;
        var groups = snapshot.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!);
        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded), outcome.Message);
        Assert.Multiple(() =>
        {
            Assert.That(Count("health-check", RunOutcome.Failed), Is.EqualTo(4), "09:00 to 09:30 failed");
            Assert.That(groups["health-check"].GetProperty("failed").GetInt32(), Is.EqualTo(4));
            Assert.That(groups["health-check"].GetProperty("runs").GetInt32(), Is.EqualTo(Count("health-check", RunOutcome.Succeeded, RunOutcome.Failed)));
            Assert.That(groups["health-check"].GetProperty("failureRate").GetDouble(),
                Is.EqualTo(Math.Round(4.0 / Count("health-check", RunOutcome.Succeeded, RunOutcome.Failed), 4)));
            Assert.That(groups["performance"].GetProperty("waits").GetInt32(), Is.EqualTo(Count("performance", RunOutcome.Waiting)).And.GreaterThan(0));
            Assert.That(groups["performance"].GetProperty("runs").GetInt32(), Is.EqualTo(Count("performance", RunOutcome.Succeeded)).And.GreaterThan(0));
            Assert.That(groups["performance"].GetProperty("lateStarts").GetInt32(), Is.Zero);
        });
    }

    private JsonElement ReadSnapshot(string relative) => JsonDocument.Parse(File.ReadAllText(_host.Folder.File(relative))).RootElement;
}
