using System.Globalization;
using System.Runtime.Versioning;
using System.Text.Json;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Reliability;

/// <summary>
/// SIGKILL the real host at random moments (seeded), restart it each time, and check after every restart that the
/// store is intact, every group is scheduled, interrupted runs are recorded as such, nothing is recorded twice, and
/// nothing the killed host started is still running.
/// </summary>
[SupportedOSPlatform("linux")]
[TestFixture]
[Platform("Linux")]
[NonParallelizable]
internal sealed class CrashTests
{
    private const string Jobs = """
        {
          "rhythm": { "store": "state/rhythm.db", "maxConcurrency": 4, "gracePeriod": "1s" },
          "groups": [
            { "name": "slow", "every": "1s", "priority": "critical",
              "steps": [ { "name": "work", "run": "scripts/step.sh", "args": ["slow", "1.5"] } ] },
            { "name": "quick", "every": "1s",
              "steps": [ { "name": "work", "run": "scripts/step.sh", "args": ["quick", "0.05"] } ] },
            { "name": "forks", "every": "2s",
              "steps": [ { "name": "work", "run": "scripts/step.sh", "args": ["forks", "0.6", "0", "fork"] } ] },
            { "name": "after-quick", "every": "1s", "after": ["quick"],
              "steps": [ { "name": "work", "run": "scripts/step.sh", "args": ["after-quick", "0.05"] } ] },
            { "name": "two-steps", "every": "1500ms",
              "steps": [ { "name": "first", "run": "scripts/step.sh", "args": ["two-steps", "0.2"] },
                         { "name": "second", "run": "scripts/step.sh", "args": ["two-steps", "0.3"] } ] }
          ]
        }
        """;

    private static readonly string[] Groups = ["slow", "quick", "forks", "after-quick", "two-steps"];

    private TempFolder _folder = null!;
    private int _nextEntry;

    private enum Moment
    {
        StartUp,
        DuringStep,
        AfterStep,
    }

    private string Database => _folder.File("state/rhythm.db");

    [SetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        _nextEntry = 0;
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
    public async Task SigKill_AtRandomMoments_StoreIntactNothingLostNoOrphans()
    {
        var kills = ReliabilityScale.Pick(20, 200);
        var random = new Random(20_260_106);
        var startup = TimeSpan.FromSeconds(1);
        var survived = new Dictionary<Moment, int>();
        int interrupted = 0, orphans = 0, verified = 0;
        Snapshot? pending = null;
        for (var i = 0; i < kills; i++)
        {
            var moment = (Moment)(i % 3);
            using var host = HostRuns.Start(_folder.Path);
            var spawned = DateTime.UtcNow;
            if (moment == Moment.StartUp)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.NextDouble() * startup.TotalMilliseconds * 1.1));
            }
            else
            {
                await HostRuns.WaitStartedAsync(host);
                startup = DateTime.UtcNow - spawned;
                if (pending is not null)
                {
                    (interrupted, orphans, verified) = (interrupted + pending.Running.Count, orphans + pending.Alive.Count, verified + 1);
                    await VerifyAsync(pending, host, $"restart after kill {i}");
                    pending = null;
                }

                var seen = PidLog.Read(_folder.Path).Count;
                var kind = moment == Moment.DuringStep ? "start" : "end";
                await Eventually.Until(() => PidLog.Read(_folder.Path).Skip(seen).Any(e => e.Kind == kind), $"a step to {kind}", TimeSpan.FromSeconds(60));

                // Right after a step's process ends the host writes the step, the run, the group state and the ledger.
                await Task.Delay(moment == Moment.DuringStep ? random.Next(0, 500) : random.Next(0, 40));
            }

            host.Kill();
            await host.WaitForExitAsync(TimeSpan.FromSeconds(30));
            pending = Capture(host.ProcessId, pending);
            survived[moment] = survived.GetValueOrDefault(moment) + 1;
        }

        using (var last = HostRuns.Start(_folder.Path))
        {
            await HostRuns.WaitStartedAsync(last);
            (interrupted, orphans, verified) = (interrupted + pending!.Running.Count, orphans + pending.Alive.Count, verified + 1);
            await VerifyAsync(pending, last, "the final restart");
            await HostRuns.StopAsync(last);
        }

        var runs = StoreProbe.Runs(Database);
        ReliabilityScale.Report(string.Create(CultureInfo.InvariantCulture,
            $"crash: {kills} SIGKILLs survived ({survived.GetValueOrDefault(Moment.StartUp)} during start-up, {survived.GetValueOrDefault(Moment.DuringStep)} during a step, {survived.GetValueOrDefault(Moment.AfterStep)} while the run was being recorded), {verified} restarts checked, {runs.Count} runs recorded, {interrupted} recorded as interrupted, {orphans} processes of killed hosts found alive and stopped by the next start, 0 lost, 0 recorded twice"));
    }

    /// <summary>What the store and the machine looked like right after a kill, to be checked at the next complete start.</summary>
    private Snapshot Capture(int killedHost, Snapshot? unverified)
    {
        var running = StoreProbe.Exists(Database)
            ? StoreProbe.Runs(Database).Where(r => r.Outcome == "running").Select(r => r.Id).ToHashSet()
            : [];
        var entries = PidLog.Read(_folder.Path);
        var from = unverified?.FromEntry ?? _nextEntry;
        var ended = entries.Where(e => e.Kind == "end").Select(e => e.Pid).ToHashSet();
        var dangling = entries.Skip(from).Where(e => e.Kind == "start" && !ended.Contains(e.Pid)).Select(e => e.Group).ToHashSet(StringComparer.Ordinal);
        var alive = entries.Where(e => e.Kind != "end")
            .Select(e => (e.Pid, Ticks: ProcScan.LiveStartTicks(e.Pid)))
            .Where(p => p.Ticks is not null)
            .Select(p => (p.Pid, p.Ticks!.Value))
            .ToHashSet();
        if (unverified is not null)
        {
            running.UnionWith(unverified.Running);
            dangling.UnionWith(unverified.Dangling);
            alive.UnionWith(unverified.Alive);
        }

        return new Snapshot(running, dangling, alive, [killedHost, .. unverified?.DeadHosts ?? []], from, entries.Count);
    }

    private async Task VerifyAsync(Snapshot before, RhythmProgram host, string when)
    {
        _nextEntry = before.ToEntry;
        Assert.That(StoreProbe.IntegrityCheck(Database), Is.EqualTo("ok"), $"integrity_check after {when}");

        var runs = StoreProbe.Runs(Database);
        var byId = runs.ToDictionary(r => r.Id);
        Assert.Multiple(() =>
        {
            foreach (var id in before.Running)
            {
                Assert.That(byId.ContainsKey(id), Is.True, $"run {id}, running at the kill, is gone after {when}");
                if (byId.TryGetValue(id, out var run))
                {
                    Assert.That(run.Outcome, Is.EqualTo("interrupted"), $"run {id} of '{run.Group}', running at the kill, after {when}");
                }
            }

            var interruptedGroups = before.Running.Where(byId.ContainsKey).Select(id => byId[id].Group).ToHashSet(StringComparer.Ordinal);
            Assert.That(before.Dangling.Except(interruptedGroups), Is.Empty,
                $"groups whose step was running at the kill but have no interrupted run after {when}");
            Assert.That(runs.Where(r => r.Outcome == "running" && r.HostPid is { } pid && before.DeadHosts.Contains(pid)), Is.Empty,
                $"runs of killed hosts still 'running' after {when}");
            Assert.That(runs.Where(r => r.FireId is not null).GroupBy(r => r.FireId).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty,
                $"fire ids recorded twice after {when}");
            Assert.That(runs.Where(r => r.Cause == "schedule" && r.ScheduledAt is not null).GroupBy(r => (r.Group, r.ScheduledAt)).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty,
                $"scheduled fires recorded twice after {when}");
            Assert.That(before.Alive.Where(p => ProcScan.LiveStartTicks(p.Pid) == p.Ticks).Select(p => p.Pid), Is.Empty,
                $"processes of a killed host still alive after {when}");
        });

        var now = DateTimeOffset.UtcNow;
        var groups = await HostRuns.StatusGroupsAsync(_folder.Path);
        Assert.That(groups.Select(g => g.GetProperty("name").GetString()), Is.EquivalentTo(Groups), $"groups in status after {when}");
        foreach (var group in groups)
        {
            var name = group.GetProperty("name").GetString();
            var state = group.GetProperty("state").GetString();
            var next = group.GetProperty("nextFireAt");
            Assert.That(state, Is.AnyOf("scheduled", "running", "waiting"), $"state of '{name}' after {when}");
            Assert.That(next.ValueKind, Is.EqualTo(JsonValueKind.String), $"next fire of '{name}' after {when}");
            var at = next.GetDateTimeOffset();
            Assert.That(at, Is.InRange(now.AddMinutes(-2), now.AddMinutes(1)), $"next fire of '{name}' after {when}");
        }

        Assert.That(host.HasExited, Is.False, () => $"the host died after {when}:\n{HostRuns.Tail(host.Output)}");
    }

    private sealed record Snapshot(HashSet<long> Running, HashSet<string> Dangling, HashSet<(int Pid, long Ticks)> Alive, List<int> DeadHosts, int FromEntry, int ToEntry);
}
