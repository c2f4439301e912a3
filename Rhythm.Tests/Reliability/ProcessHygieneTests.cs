using System.Globalization;
using System.Runtime.Versioning;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Reliability;

/// <summary>
/// Many step runs through the real host, mixing success, failure, timeouts and steps that leave children and
/// double-forked daemons behind: when the host stops, not one of their processes is left, and none is a zombie.
/// </summary>
[SupportedOSPlatform("linux")]
[TestFixture]
[NonParallelizable]
internal sealed class ProcessHygieneTests
{
    private const string Jobs = """
        {
          "rhythm": { "store": "state/rhythm.db", "maxConcurrency": 8, "gracePeriod": "1s" },
          "adaptive": { "enabled": false },
          "groups": [
            { "name": "ok-1", "every": "250ms", "steps": [ { "name": "s", "run": "scripts/step.sh", "args": ["ok-1", "0.01"] } ] },
            { "name": "ok-2", "every": "300ms", "steps": [ { "name": "s", "run": "scripts/step.sh", "args": ["ok-2", "0"] } ] },
            { "name": "fail-1", "every": "250ms", "steps": [ { "name": "s", "run": "scripts/step.sh", "args": ["fail-1", "0.01", "3"] } ] },
            { "name": "fail-2", "every": "350ms", "steps": [ { "name": "s", "run": "scripts/step.sh", "args": ["fail-2", "0", "1"] } ] },
            { "name": "timeout-1", "every": "300ms", "steps": [ { "name": "s", "run": "scripts/step.sh", "args": ["timeout-1", "30"], "timeout": "200ms" } ] },
            { "name": "timeout-2", "every": "400ms", "steps": [ { "name": "s", "run": "scripts/step.sh", "args": ["timeout-2", "30", "0", "fork"], "timeout": "300ms" } ] },
            { "name": "forks-1", "every": "250ms", "steps": [ { "name": "s", "run": "scripts/step.sh", "args": ["forks-1", "0.01", "0", "fork"] } ] },
            { "name": "forks-2", "every": "300ms", "steps": [ { "name": "s", "run": "scripts/step.sh", "args": ["forks-2", "0", "2", "fork"] },
                                                              { "name": "t", "run": "scripts/step.sh", "args": ["forks-2", "0"] } ] }
          ]
        }
        """;

    private TempFolder _folder = null!;

    private string Database => _folder.File("state/rhythm.db");

    [SetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        File.WriteAllText(_folder.File("jobs.json"), Jobs);
        PidLog.WriteScript(_folder.Path);
    }

    [TearDown]
    public void TearDown()
    {
        PidLog.KillLeftovers(_folder.Path);
        _folder.Dispose();
    }

    [Test]
    public async Task ManyRuns_MixedOutcomesAndGrandchildren_LeaveNoProcessBehind()
    {
        var target = ReliabilityScale.Pick(200, 1_000);
        using var host = HostRuns.Start(_folder.Path);
        await HostRuns.WaitStartedAsync(host);
        var maxZombies = 0;
        await Eventually.Until(
            () =>
            {
                maxZombies = Math.Max(maxZombies, ProcScan.ZombieChildren(host.ProcessId));
                return StoreProbe.Finished(Database) >= target || host.HasExited;
            },
            $"{target} finished runs",
            TimeSpan.FromSeconds(target * 1.5));
        Assert.That(host.HasExited, Is.False, () => "the host exited:\n" + HostRuns.Tail(host.Output));
        await HostRuns.StopAsync(host);

        var runs = StoreProbe.Runs(Database);
        var outcomes = runs.GroupBy(r => r.Outcome).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var started = PidLog.Read(_folder.Path).Where(e => e.Kind != "end").ToList();
        var left = started.Where(e => ProcScan.LiveStartTicks(e.Pid) is not null).Select(e => $"{e.Kind} {e.Group} {e.Pid}").ToList();
        var tagged = ProcScan.StepProcessesOf(host.ProcessId);
        ReliabilityScale.Report(string.Create(CultureInfo.InvariantCulture,
            $"process hygiene: {runs.Count} step runs ({string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Value} {o.Key}"))}), {started.Count} processes started by steps, {left.Count + tagged.Count} left after the host stopped, at most {maxZombies} unreaped zombies seen while it ran"));
        Assert.Multiple(() =>
        {
            Assert.That(outcomes.GetValueOrDefault("succeeded"), Is.Positive, "successes");
            Assert.That(outcomes.GetValueOrDefault("failed"), Is.Positive, "failures");
            Assert.That(outcomes.GetValueOrDefault("timed-out"), Is.Positive, "timeouts");
            Assert.That(outcomes.GetValueOrDefault("running"), Is.Zero, "runs still 'running' after a clean stop");
            Assert.That(left, Is.Empty, "processes the steps started that are still alive");
            Assert.That(tagged, Is.Empty, "processes carrying the host's tree id that are still alive");
        });
    }
}
