using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rhythm.Jobs;
using Rhythm.Jobs.Orphans;
using Rhythm.Jobs.Processes;
using Rhythm.Jobs.Processes.Linux;
using Rhythm.Steps;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Jobs;

/// <summary>At start-up the host stops what a crashed predecessor left running, and nothing else.</summary>
[Platform(Include = "Linux")]
public sealed class OrphanSweeperTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(500);

    private TempFolder _folder = null!;
    private CapturingLogger _logger = null!;
    private RecordingProcessLedger _ledger = null!;
    private OrphanSweeper _sweeper = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        _logger = new CapturingLogger();
        _ledger = new RecordingProcessLedger();
        _sweeper = new OrphanSweeper(_ledger, new ProcessTracker(), TimeProvider.System, new CapturingLogger<OrphanSweeper>(_logger));

        // As in the host, so that the orphans re-parent here and the sweep has to reap them as well.
        if (OperatingSystem.IsLinux())
        {
            LinuxHost.EnsureSubreaper();
        }
    }

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public async Task Sweep_LiveTreeOfACrashedHost_KillsTheWholeTreeAndReportsIt()
    {
        var (root, children, crashedHost) = await StartOrphanTreeAsync(leaveRoot: false);
        _ledger.Add(new ProcessRecord(root.Pid, root.Start, "maintenance", "cleanup", crashedHost));

        var killed = await _sweeper.SweepAsync(Grace);

        Assert.That(killed, Is.EquivalentTo(new[] { root.Pid }.Concat(children).Select(p => new KilledOrphan(p, "maintenance", "cleanup"))));
        Assert.That(_logger.Contains(LogLevel.Warning, $"killed orphan pid {root.Pid} (group 'maintenance', step 'cleanup') left by a previous run"), Is.True);
        Assert.That(children.Append(root.Pid).Where(Procs.Exists), Is.Empty, "an orphan survived or was left a zombie");
        Assert.That(_ledger.List(), Is.Empty);
    }

    [Test]
    public async Task Sweep_RootGoneButChildStillRunning_KillsTheChildFoundByItsTreeId()
    {
        var (root, children, crashedHost) = await StartOrphanTreeAsync(leaveRoot: true);
        Assert.That(await Procs.WaitUntilAsync(() => Procs.State(root.Pid) is null or 'Z'), Is.True);
        _ledger.Add(new ProcessRecord(root.Pid, root.Start, "reports", "daily", crashedHost));

        var killed = await _sweeper.SweepAsync(Grace);

        Assert.That(killed, Is.EqualTo(new[] { new KilledOrphan(children.Single(), "reports", "daily") }));
        Assert.That(Procs.Exists(children.Single()), Is.False);
        Assert.That(_ledger.List(), Is.Empty);
    }

    [Test]
    public async Task Sweep_TreeItsHostDiedBeforeRecordingIt_IsFoundByItsStoreAndKilled_AnotherStoresIsNot()
    {
        var jobs = _folder.Write("jobs.json", """{ "groups": [ { "name": "g", "every": "1h", "steps": [ { "name": "s", "run": "builtin:health" } ] } ] }""");
        using var services = new ServiceCollection().AddLogging().AddRhythm(o => o.JobsFile = jobs).AddRhythmJobs().BuildServiceProvider();
        var sweeper = services.GetRequiredService<OrphanSweeper>();
        var (root, children, _) = await StartOrphanTreeAsync(leaveRoot: false, store: _folder.File("rhythm.db"));
        var (otherRoot, otherChildren, _) = await StartOrphanTreeAsync(leaveRoot: false, store: "/elsewhere/rhythm.db", pids: "other");
        try
        {
            var killed = await sweeper.SweepAsync(Grace);

            Assert.That(killed, Is.EquivalentTo(new[] { root.Pid }.Concat(children).Select(p => new KilledOrphan(p, "maintenance", "cleanup"))));
            Assert.That(children.Append(root.Pid).Where(Procs.Exists), Is.Empty, "an unrecorded orphan survived");
            Assert.That(otherChildren.Append(otherRoot.Pid).Where(p => Procs.State(p) is not null and not 'Z'), Has.Exactly(3).Items,
                "another store's processes are not this host's to stop");
        }
        finally
        {
            var others = otherChildren.Append(otherRoot.Pid).ToList();
            foreach (var pid in others)
            {
                Posix.Signal(pid, Posix.SigKill);
            }

            // The children re-parent to this (subreaper) process only once their root is reaped: reap until all are gone.
            if (OperatingSystem.IsLinux())
            {
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
                while (others.Any(pid => Procs.State(pid) is not null) && DateTime.UtcNow < deadline)
                {
                    foreach (var pid in others)
                    {
                        LinuxNative.TryReap(pid);
                    }

                    await Task.Delay(20);
                }

                Assert.That(others.Where(pid => Procs.State(pid) is not null), Is.Empty, "the other store's processes could not be reaped");
            }
        }
    }

    [Test]
    public async Task Sweep_RecordWhoseStartTimeDoesNotMatch_LeavesTheProcessAlone()
    {
        using var bystander = Process.Start("sleep", "300");
        try
        {
            var deadHost = await DeadPidAsync();
            _ledger.Add(new ProcessRecord(bystander.Id, Procs.StartTicks(bystander.Id) + 1, "g", "recycled", deadHost));
            _ledger.Add(new ProcessRecord(Environment.ProcessId, Procs.StartTicks(Environment.ProcessId) + 1, "g", "self", deadHost));

            var killed = await _sweeper.SweepAsync(Grace);

            Assert.That(killed, Is.Empty);
            Assert.That(Procs.State(bystander.Id), Is.Not.Null.And.Not.EqualTo('Z'));
            Assert.That(_ledger.List(), Is.Empty, "records of gone processes are dropped");
        }
        finally
        {
            bystander.Kill();
            await bystander.WaitForExitAsync();
        }
    }

    [Test]
    public async Task Sweep_StepOfAnotherLiveHost_IsLeftRunningAndKeepsItsRecord()
    {
        var pidFile = _folder.File("pid");
        using var otherHost = Process.Start("bash", ["-c", "sleep 300 & echo $! > \"$0\"; wait", pidFile]);
        try
        {
            Assert.That(await Procs.WaitUntilAsync(() => Procs.ReadPids(pidFile).Count == 1), Is.True);
            var step = Procs.ReadPids(pidFile).Single();
            var record = new ProcessRecord(step, Procs.StartTicks(step), "g", "theirs", otherHost.Id);
            _ledger.Add(record);

            var killed = await _sweeper.SweepAsync(Grace);

            Assert.That(killed, Is.Empty);
            Assert.That(Procs.State(step), Is.Not.Null.And.Not.EqualTo('Z'));
            Assert.That(_ledger.List(), Is.EqualTo(new[] { record }));
        }
        finally
        {
            otherHost.Kill(entireProcessTree: true);
            await otherHost.WaitForExitAsync();
            await ReapOrphanAsync(Procs.ReadPids(pidFile).Single());
        }
    }

    [Test]
    public async Task SweepWithoutProc_StepOfAnotherLiveHost_IsLeftRunningAndKeepsItsRecord()
    {
        // The sweep Windows runs, where a step's parent is not known: the live host process alone protects its steps.
        using var otherHost = Process.Start("sleep", "300");
        using var step = Process.Start("sleep", "300");
        try
        {
            var record = new ProcessRecord(step.Id, ProcessTree.ReadStartTime(step), "g", "theirs", otherHost.Id);
            var killed = new List<KilledOrphan>();

            var done = _sweeper.SweepOther([record], killed);

            Assert.That(killed, Is.Empty);
            Assert.That(done, Is.Empty, "the record stays for the host that owns it");
            Assert.That(step.HasExited, Is.False);
        }
        finally
        {
            otherHost.Kill();
            step.Kill();
            await Task.WhenAll(otherHost.WaitForExitAsync(), step.WaitForExitAsync());
        }
    }

    [Test]
    public async Task SweepWithoutProc_StepOfADeadHost_IsKilled()
    {
        using var step = Process.Start("sleep", "300");
        try
        {
            var record = new ProcessRecord(step.Id, ProcessTree.ReadStartTime(step), "g", "orphaned", await DeadPidAsync());
            var killed = new List<KilledOrphan>();

            var done = _sweeper.SweepOther([record], killed);

            Assert.That(killed, Is.EqualTo(new[] { new KilledOrphan(step.Id, "g", "orphaned") }));
            Assert.That(done, Is.EqualTo(new[] { record }));
            Assert.That(step.WaitForExit(5000), Is.True);
        }
        finally
        {
            if (!step.HasExited)
            {
                step.Kill();
            }
        }
    }

    /// <summary>Starts the orphan fixture the way a host would (own session, tree id inherited) from a launcher that exits at once.</summary>
    private async Task<((int Pid, long Start) Root, IReadOnlyList<int> Children, int CrashedHost)> StartOrphanTreeAsync(bool leaveRoot,
        string? store = null, string pids = "pids")
    {
        var pidsFile = _folder.File(pids);
        var script = Path.Combine(StepContexts.FixturesDirectory, "orphan-tree.sh");
        var info = new ProcessStartInfo("bash") { UseShellExecute = false };
        foreach (var argument in (string[])["-c", "setsid bash \"$0\" \"$1\" \"$2\" &", script, pidsFile, leaveRoot ? "leave" : "keep"])
        {
            info.ArgumentList.Add(argument);
        }

        // The host that "crashed": its pid is gone, and the tree id its steps inherited starts with it.
        var crashedHost = await DeadPidAsync();
        info.Environment[StepEnvironment.TreeVariable] = string.Create(CultureInfo.InvariantCulture, $"{crashedHost}:1");
        if (store is not null)
        {
            info.Environment[StepEnvironment.StoreVariable] = store;
            info.Environment[StepEnvironment.GroupVariable] = "maintenance";
            info.Environment[StepEnvironment.StepVariable] = "cleanup";
        }
        using var launcher = Process.Start(info)!;
        await launcher.WaitForExitAsync();

        var expected = leaveRoot ? 2 : 3;
        Assert.That(await Procs.WaitUntilAsync(() => File.Exists(pidsFile) && File.ReadAllLines(pidsFile).Length == expected), Is.True);
        var lines = File.ReadAllLines(pidsFile).Select(l => l.Split(' ')).ToList();
        var rootLine = lines.Single(l => l[0] == "root");
        var root = (int.Parse(rootLine[1], CultureInfo.InvariantCulture), long.Parse(rootLine[2], CultureInfo.InvariantCulture));
        var children = lines.Where(l => l[0] == "child").Select(l => int.Parse(l[1], CultureInfo.InvariantCulture)).ToList();
        return (root, children, crashedHost);
    }

    /// <summary>
    /// The "other host's" step outlives its parent by an instant and, this process being a subreaper, becomes a
    /// zombie child of the test that .NET does not reap (it did not start it).
    /// </summary>
    private static async Task ReapOrphanAsync(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            Assert.That(await Procs.WaitUntilAsync(() => Procs.State(pid) is null or 'Z'), Is.True);
            LinuxNative.TryReap(pid);
        }
    }

    private static async Task<int> DeadPidAsync()
    {
        using var process = Process.Start("true")!;
        await process.WaitForExitAsync();
        return process.Id;
    }
}
