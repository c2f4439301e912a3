using System.Text.Json;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.EndToEnd;

/// <summary>The real <c>rhythm</c> program on a second-scale schedule: run, kill, restart, and read it back.</summary>
[TestFixture]
[Platform("Linux")]
internal sealed class HostProcessTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        Directory.CreateDirectory(_folder.File("scripts"));
        File.WriteAllText(_folder.File("scripts/tick.sh"), "#!/bin/sh\necho \"tick $1\" >> \"$2\"\n");
        File.WriteAllText(_folder.File("jobs.json"), """
            {
              "rhythm": { "store": "state/rhythm.db", "maxConcurrency": 2, "gracePeriod": "2s" },
              "groups": [
                { "name": "tick", "every": "2s", "priority": "critical",
                  "steps": [ { "name": "write", "run": "scripts/tick.sh", "args": ["one two", "ticks.txt"] } ] },
                { "name": "after-tick", "every": "3s", "after": ["tick"],
                  "steps": [ { "name": "write", "run": "scripts/tick.sh", "args": ["after", "ticks.txt"] } ] }
              ]
            }
            """);
    }

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public async Task Run_KilledAndRestarted_ResumesAndReportsStatusAndHistory()
    {
        using (var first = RhythmProgram.Start(_folder.Path, "run", "--jobs", "jobs.json"))
        {
            await Eventually.Until(() => SucceededRuns("tick") >= 2 && SucceededRuns("after-tick") >= 1, "runs of both groups", TimeSpan.FromSeconds(60));
            first.Kill();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        var (_, killed, _) = await RhythmProgram.RunAsync(_folder.Path, "status", "--jobs", "jobs.json");
        Assert.That(killed, Does.Contain("host  not running"), "the killed host's announcement is stale");

        var before = SucceededRuns("tick");
        using var second = RhythmProgram.Start(_folder.Path, "run", "--jobs", "jobs.json");
        await Eventually.Until(() => SucceededRuns("tick") >= before + 2, "runs after the restart", TimeSpan.FromSeconds(60));

        var status = await RhythmProgram.JsonAsync(_folder.Path, "status", "--jobs", "jobs.json");
        var groups = status.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!);
        Assert.Multiple(() =>
        {
            Assert.That(status.GetProperty("storeExists").GetBoolean(), Is.True);
            Assert.That(status.GetProperty("hostPid").GetInt32(), Is.EqualTo(second.ProcessId));
            Assert.That(groups.Keys, Is.EquivalentTo(new[] { "tick", "after-tick" }));
            Assert.That(groups["tick"].GetProperty("schedule").GetString(), Is.EqualTo("every 2s"));
            Assert.That(groups["tick"].GetProperty("nextFireAt").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(groups["after-tick"].GetProperty("after")[0].GetString(), Is.EqualTo("tick"));
        });

        var history = await RhythmProgram.JsonAsync(_folder.Path, "history", "--jobs", "jobs.json", "--limit", "500");
        var runs = history.EnumerateArray().ToList();
        var ids = runs.Select(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ids, Is.Ordered.Descending, "newest first");
            Assert.That(ids, Is.Unique, "no run recorded twice");
            Assert.That(runs.Where(r => r.GetProperty("outcome").GetString() == "running" && r.GetProperty("group").GetString() == "tick").Count(), Is.LessThanOrEqualTo(1));
            var step = runs.First(r => r.GetProperty("outcome").GetString() == "succeeded").GetProperty("steps")[0];
            Assert.That(step.GetProperty("name").GetString(), Is.EqualTo("write"));
            Assert.That(step.GetProperty("exitCode").GetInt32(), Is.Zero);
        });
        Assert.That(File.ReadAllText(_folder.File("ticks.txt")), Does.Contain("tick one two"), "args arrive as one argument each, never split by a shell");

        second.Terminate();
        Assert.That(await second.WaitForExitAsync(TimeSpan.FromSeconds(30)), Is.Zero, second.Output);
    }

    [Test]
    public async Task Run_SecondHostOnTheSameStore_RefusesToStart_FirstKeepsItsRhythm()
    {
        using var first = RhythmProgram.Start(_folder.Path, "run", "--jobs", "jobs.json");
        await Eventually.Until(() => SucceededRuns("tick") >= 1, "a first run", TimeSpan.FromSeconds(60));

        var (exitCode, output, error) = await RhythmProgram.RunAsync(_folder.Path, "run", "--jobs", "jobs.json");
        var before = SucceededRuns("tick");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(1));
            Assert.That(error, Does.Contain("rhythm.db is in use by another Rhythm host"));
            Assert.That((output + error).Split("in use by another Rhythm host").Length - 1, Is.EqualTo(1), "said once: " + output + error);
            Assert.That(File.ReadAllText(_folder.File("logs/rhythm.log")), Does.Not.Contain("in use by another Rhythm host"),
                "the refused host writes nothing into the first host's log");
            Assert.That(first.HasExited, Is.False, first.Output);
        });
        await Eventually.Until(() => SucceededRuns("tick") > before, "the first host running on", TimeSpan.FromSeconds(60));
        var triggered = await RhythmProgram.RunAsync(_folder.Path, "trigger", "tick", "--jobs", "jobs.json");
        Assert.That(triggered.ExitCode, Is.Zero, "the first host is still the one the control files point at: " + triggered.Error);
    }

    [Test]
    public async Task Run_StoppedWhileStarting_StopsCleanly()
    {
        // Two moments inside start-up: the engine has just locked the store (Quartz is still being built), and the
        // engine has just started (the control endpoint is still starting).
        foreach (var moment in new[] { "store locked", "engine started" })
        {
            using var host = RhythmProgram.Start(_folder.Path, "run", "--jobs", "jobs.json");
            if (moment == "store locked")
            {
                await Eventually.Until(() => File.Exists(_folder.File("state/rhythm.db.lock")) || host.HasExited, "the store lock", TimeSpan.FromSeconds(60));
            }
            else
            {
                await Eventually.Until(() => host.Output.Contains("Rhythm started", StringComparison.Ordinal) || host.HasExited, "the engine to start", TimeSpan.FromSeconds(60));
            }

            host.Terminate();
            var code = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.Multiple(() =>
            {
                Assert.That(code, Is.Zero, $"stopped at '{moment}':\n{host.Output}");
                Assert.That(host.Output, Does.Not.Contain("Unhandled exception"), moment);
                Assert.That(host.Output, Does.Not.Contain("disposed object"), moment);
            });
            File.Delete(_folder.File("state/rhythm.db.lock"));
        }
    }

    [Test]
    public async Task RunDryRun_LogsStepsOnACopyOfTheStore_LeavesTheStoreAndTheWorldAsTheyWere()
    {
        using (var real = RhythmProgram.Start(_folder.Path, "run", "--jobs", "jobs.json"))
        {
            await Eventually.Until(() => SucceededRuns("tick") >= 1, "a real run", TimeSpan.FromSeconds(60));
            real.Terminate();
            Assert.That(await real.WaitForExitAsync(TimeSpan.FromSeconds(30)), Is.Zero, real.Output);
        }

        var historyBefore = (await RhythmProgram.RunAsync(_folder.Path, "history", "--jobs", "jobs.json", "--limit", "1000", "--json")).Output;
        var ticksBefore = File.ReadAllText(_folder.File("ticks.txt"));
        using var dry = RhythmProgram.Start(_folder.Path, "run", "--dry-run", "--jobs", "jobs.json");
        await Eventually.Until(() => DryRuns(dry.Output) >= 2 || dry.HasExited, "two dry runs of tick", TimeSpan.FromSeconds(60));
        var second = await RhythmProgram.RunAsync(_folder.Path, "run", "--jobs", "jobs.json");
        dry.Terminate();
        var exitCode = await dry.WaitForExitAsync(TimeSpan.FromSeconds(30));

        var copy = System.Text.RegularExpressions.Regex.Match(dry.Output, @"Rhythm started: .*?, store (\S+),").Groups[1].Value;
        var historyAfter = (await RhythmProgram.RunAsync(_folder.Path, "history", "--jobs", "jobs.json", "--limit", "1000", "--json")).Output;
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, dry.Output);
            Assert.That(DryRuns(dry.Output), Is.GreaterThanOrEqualTo(2), dry.Output);
            Assert.That(copy, Is.Not.Empty.And.Not.EqualTo(_folder.File("state/rhythm.db")), "the dry run names the copy it works on");
            Assert.That(File.Exists(copy), Is.False, "the copy goes with the dry run");
            Assert.That(historyAfter, Is.EqualTo(historyBefore), "nothing the dry run did is in the store");
            Assert.That(File.ReadAllText(_folder.File("ticks.txt")), Is.EqualTo(ticksBefore), "no step ran");
            Assert.That(second.ExitCode, Is.EqualTo(1), "a real host waits until the dry run on its jobs.json is over");
            Assert.That(second.Error, Does.Contain("is in use by another Rhythm host"));
        });
    }

    [Test]
    public async Task Validate_BadFile_ExitsTwoAndNamesTheProblem()
    {
        File.WriteAllText(_folder.File("bad.json"), """{ "groups": [ { "name": "a", "every": "10 minutes", "steps": [ { "name": "s", "run": "x.sh" } ] } ] }""");

        var (exitCode, _, error) = await RhythmProgram.RunAsync(_folder.Path, "validate", "--jobs", "bad.json");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(error, Does.Contain("bad.json"));
            Assert.That(error, Does.Contain("group 'a'"));
            Assert.That(error, Does.Contain("every"));
        });
    }

    [Test]
    public async Task Validate_MisspeltBuiltinOption_ExitsTwoAndNamesTheOption()
    {
        File.WriteAllText(_folder.File("typo.json"), """{ "groups": [ { "name": "a", "every": "10m", "steps": [ { "name": "h", "run": "builtin:health", "with": { "cpuDegaded": 85 } } ] } ] }""");

        var (exitCode, _, error) = await RhythmProgram.RunAsync(_folder.Path, "validate", "--jobs", "typo.json");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(error, Does.Contain("typo.json: group 'a', step 'h', field 'with': builtin:health: unknown option 'cpuDegaded'"));
            Assert.That(error, Does.Contain("Did you mean 'cpuDegraded'? Known options: cpuDegraded"));
        });
    }

    [Test]
    public async Task Validate_GoodFile_ExitsZeroWithSummary()
    {
        var (exitCode, output, _) = await RhythmProgram.RunAsync(_folder.Path, "validate", "--jobs", "jobs.json");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero);
            Assert.That(output, Does.Contain("is valid: 2 groups (2 enabled), 2 steps"));
        });
    }

    private static int DryRuns(string output)
        => output.Split('\n').Count(l => l.Contains("would run: ", StringComparison.Ordinal) && l.Contains("Rhythm.Steps.tick.write", StringComparison.Ordinal));

    private int SucceededRuns(string group)
    {
        var (exitCode, output, _) = RhythmProgram.RunAsync(_folder.Path, "history", "--jobs", "jobs.json", "--group", group, "--limit", "1000", "--json").GetAwaiter().GetResult();
        if (exitCode != 0)
        {
            return 0;
        }

        using var document = JsonDocument.Parse(output);
        return document.RootElement.EnumerateArray().Count(r => r.GetProperty("outcome").GetString() == "succeeded");
    }
}
