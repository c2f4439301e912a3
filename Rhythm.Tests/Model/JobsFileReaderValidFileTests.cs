using System.Text;
using System.Text.Json;
using Rhythm.Model;
using Rhythm.Steps;

namespace Rhythm.Tests.Model;

public sealed class JobsFileReaderValidFileTests
{
    private const string FullFile = """
        {
          "$schema": "./jobs.schema.json",
          // Comments and trailing commas are allowed: people edit this file by hand.
          "rhythm": { "store": "data/rhythm.db", "maxConcurrency": 3, "sampleEvery": "30s", "memoryPressure": 65, "cpuPressure": 90,
                      "keepMetrics": "7d", "keepHistory": "60d", "gracePeriod": "5s", },
          "adaptive": { "enabled": false, "idleBelowCpu": 25, "busyAboveCpu": 75, "idleFactor": 0.75, "busyFactor": 2, "hysteresis": 3, "window": "2m" },
          "groups": [
            { "name": "health-check", "every": "10m", "priority": "critical",
              "steps": [ { "name": "system-health", "run": "builtin:health", "with": { "cpuDegraded": 85, "names": ["a"] } } ] },
            { "name": "performance", "every": "30m", "after": ["health-check"], "priority": "High", "adaptive": false, "minEvery": "5m", "maxEvery": "1h",
              "steps": [ { "name": "trend", "run": "scripts/trend.py", "args": ["--window", "1h"], "cwd": "scripts",
                           "env": { "API_TOKEN": "${API_TOKEN}" }, "timeout": "5m", "continueOnError": true, "successCodes": [0, 3] } ] },
            { "name": "maintenance", "every": "1h", "after": ["performance"],
              "steps": [ { "name": "clean", "run": "scripts/clean.ps1" } ] },
            /* the nightly run */
            { "name": "daily-routine", "at": "03:00", "after": ["maintenance"], "priority": "low", "enabled": true,
              "steps": [ { "name": "report", "run": "scripts/report.py" } ] },
            { "name": "hourly", "cron": "0 0 * * * ?", "enabled": false, "steps": [ { "name": "tick", "run": "builtin:noop" } ] },
          ],
        }
        """;

    [Test]
    public void Parse_FullFile_ReadsEverySetting()
    {
        var result = JobsFileReader.Parse(FullFile, "jobs.json", [new StepRegistration("health"), new StepRegistration("noop")]);

        Assert.That(result.Problems, Is.Empty, () => JobsJson.Describe(result));
        var file = result.GetFileOrThrow();
        Assert.Multiple(() =>
        {
            Assert.That(file.SourcePath, Is.EqualTo("jobs.json"));
            Assert.That(file.Rhythm, Is.EqualTo(new RhythmSettings
            {
                Store = "data/rhythm.db",
                MaxConcurrency = 3,
                SampleEvery = TimeSpan.FromSeconds(30),
                MemoryPressure = 65,
                CpuPressure = 90,
                KeepMetrics = TimeSpan.FromDays(7),
                KeepHistory = TimeSpan.FromDays(60),
                GracePeriod = TimeSpan.FromSeconds(5),
            }));
            Assert.That(file.Adaptive, Is.EqualTo(new AdaptiveSettings
            {
                Enabled = false,
                IdleBelowCpu = 25,
                BusyAboveCpu = 75,
                IdleFactor = 0.75,
                BusyFactor = 2,
                Hysteresis = 3,
                Window = TimeSpan.FromMinutes(2),
            }));
            Assert.That(file.Groups.Select(g => g.Name), Is.EqualTo(new[] { "health-check", "performance", "maintenance", "daily-routine", "hourly" }));
        });
    }

    [Test]
    public void Parse_FullFile_ReadsGroups()
    {
        var file = JobsFileReader.Parse(FullFile, "jobs.json").GetFileOrThrow();

        var health = file.Find("health-check")!;
        var performance = file.Find("performance")!;
        var daily = file.Find("daily-routine")!;
        var hourly = file.Find("hourly")!;
        Assert.Multiple(() =>
        {
            Assert.That(health.Schedule, Is.EqualTo(new EverySchedule(TimeSpan.FromMinutes(10))));
            Assert.That(health.Priority, Is.EqualTo(Priority.Critical));
            Assert.That(health.After, Is.Empty);
            Assert.That(health.Adaptive, Is.True);
            Assert.That(health.Enabled, Is.True);
            Assert.That(performance.Priority, Is.EqualTo(Priority.High), "priority is case-insensitive");
            Assert.That(performance.After, Is.EqualTo(new[] { "health-check" }));
            Assert.That(performance.Adaptive, Is.False);
            Assert.That(performance.MinEvery, Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(performance.MaxEvery, Is.EqualTo(TimeSpan.FromHours(1)));
            Assert.That(daily.Schedule, Is.EqualTo(new DailySchedule(new TimeOnly(3, 0))));
            Assert.That(daily.Priority, Is.EqualTo(Priority.Low));
            Assert.That(hourly.Schedule, Is.EqualTo(new CronSchedule("0 0 * * * ?")));
            Assert.That(hourly.Enabled, Is.False);
            Assert.That(hourly.Priority, Is.EqualTo(Priority.Medium), "medium is the default");
        });
    }

    [Test]
    public void Parse_FullFile_ReadsSteps()
    {
        var file = JobsFileReader.Parse(FullFile, "jobs.json").GetFileOrThrow();

        var trend = file.Find("performance")!.Steps.Single();
        var health = file.Find("health-check")!.Steps.Single();
        var clean = file.Find("maintenance")!.Steps.Single();
        Assert.Multiple(() =>
        {
            Assert.That(trend.Name, Is.EqualTo("trend"));
            Assert.That(trend.Run, Is.EqualTo("scripts/trend.py"));
            Assert.That(trend.IsBuiltin, Is.False);
            Assert.That(trend.Args, Is.EqualTo(new[] { "--window", "1h" }));
            Assert.That(trend.Cwd, Is.EqualTo("scripts"));
            Assert.That(trend.Env, Is.EqualTo(new Dictionary<string, string> { ["API_TOKEN"] = "${API_TOKEN}" }));
            Assert.That(trend.Timeout, Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(trend.ContinueOnError, Is.True);
            Assert.That(trend.SuccessCodes, Is.EqualTo(new[] { 0, 3 }));
            Assert.That(trend.With, Is.Null);
            Assert.That(health.BuiltinName, Is.EqualTo("health"));
            Assert.That(health.With!.Value.GetProperty("cpuDegraded").GetInt32(), Is.EqualTo(85));
            Assert.That(clean.Args, Is.Empty);
            Assert.That(clean.Env, Is.Empty);
            Assert.That(clean.Timeout, Is.Null);
            Assert.That(clean.ContinueOnError, Is.False);
            Assert.That(clean.SuccessCodes, Is.EqualTo(new[] { 0 }));
        });
    }

    [Test]
    public void Parse_WithOptions_OutliveTheDocument()
    {
        var file = JobsFileReader.Parse(FullFile, "jobs.json").GetFileOrThrow();
        GC.Collect();

        var with = file.Find("health-check")!.Steps[0].With!.Value;

        Assert.That(with.GetRawText(), Does.Contain("\"cpuDegraded\": 85"));
    }

    [Test]
    public void Parse_OnlyGroups_UsesDefaults()
    {
        var file = JobsJson.ParseGroups(JobsJson.ValidGroup).GetFileOrThrow();

        Assert.Multiple(() =>
        {
            Assert.That(file.Rhythm, Is.EqualTo(new RhythmSettings()));
            Assert.That(file.Adaptive, Is.EqualTo(new AdaptiveSettings()));
            Assert.That(file.Rhythm.CpuPressure, Is.Null);
        });
    }

    [Test]
    public void Parse_CpuPressureNull_TurnsItOff()
    {
        var file = JobsJson.ParseSection("rhythm", "\"cpuPressure\": null").GetFileOrThrow();

        Assert.That(file.Rhythm.CpuPressure, Is.Null);
    }

    [Test]
    public void Parse_UnknownBuiltinWithoutKnownSet_IsAccepted()
    {
        var result = JobsJson.ParseStep(string.Empty, run: "\"run\": \"builtin:anything\"");

        Assert.That(result.IsValid, Is.True, () => JobsJson.Describe(result));
    }

    [Test]
    public void Parse_Valid_SourcePathIsTheGivenPath()
    {
        var file = JobsFileReader.Parse("{ \"groups\": [ " + JobsJson.ValidGroup + " ] }", "conf/jobs.json").GetFileOrThrow();

        Assert.That(file.SourcePath, Is.EqualTo("conf/jobs.json"));
    }

    [Test]
    public void Read_ValidFile_SourcePathIsFullPath()
    {
        var folder = Directory.CreateTempSubdirectory("rhythm-model-");
        try
        {
            var path = Path.Combine(folder.FullName, "jobs.json");
            // A byte-order mark, as Windows editors write it, must not matter.
            File.WriteAllText(path, "{ \"groups\": [ " + JobsJson.ValidGroup + " ] }", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

            var result = JobsFileReader.Read(path);

            Assert.That(result.Problems, Is.Empty, () => JobsJson.Describe(result));
            Assert.That(result.File!.SourcePath, Is.EqualTo(Path.GetFullPath(path)));
            Assert.That(result.File.StorePath, Is.EqualTo(Path.Combine(folder.FullName, "rhythm.db")));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public void GetFileOrThrow_Problems_ThrowsListingThem()
    {
        var result = JobsJson.ParseGroup("\"priority\": \"urgent\"");

        var exception = Assert.Throws<JobsFileException>(() => result.GetFileOrThrow());

        Assert.That(exception!.Message, Does.StartWith("jobs.json: group 'g', field 'priority': 'urgent' is not a priority."));
    }

    [Test]
    public void Parse_WithValue_IsAClonedElement()
    {
        var file = JobsJson.ParseStep("\"with\": { \"a\": [1, 2] }", run: "\"run\": \"builtin:x\"").GetFileOrThrow();

        Assert.That(file.Groups[0].Steps[0].With!.Value.ValueKind, Is.EqualTo(JsonValueKind.Object));
    }
}
