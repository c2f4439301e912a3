using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using Microsoft.Data.Sqlite;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Reliability;

/// <summary>
/// Faults in the SQLite store under a running host: the file made read-only, the database locked by another
/// process, the disk full. The host must not crash, must log a clear error, and once the fault clears it must catch
/// up with a complete history.
/// </summary>
[SupportedOSPlatform("linux")]
[TestFixture]
[NonParallelizable]
internal sealed class StoreFaultTests
{
    private const string Jobs = """
        {
          "rhythm": { "store": "STORE", "maxConcurrency": 2, "gracePeriod": "1s" },
          "groups": [
            { "name": "tick", "every": "1s", "priority": "critical",
              "steps": [ { "name": "work", "run": "scripts/step.sh", "args": ["tick", "0.05"] } ] },
            { "name": "tock", "every": "1s", "after": ["tick"],
              "steps": [ { "name": "work", "run": "scripts/step.sh", "args": ["tock", "0.05"] } ] }
          ]
        }
        """;

    private TempFolder _folder = null!;
    private string? _mount;

    private string Database => _folder.File(_mount is null ? "state/rhythm.db" : "disk/rhythm.db");

    [SetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        _mount = null;
        PidLog.WriteScript(_folder.Path);
    }

    [TearDown]
    public void TearDown()
    {
        foreach (var file in new[] { Database, Database + "-wal" }.Where(File.Exists))
        {
            Run("chattr", "-i", file);
        }

        if (_mount is not null)
        {
            Run("umount", "-l", _mount);
        }

        _folder.Dispose();
    }

    [Test]
    public async Task Locked_AnotherProcessHoldsTheWriteLock_HostWaitsAndCatchesUp()
    {
        var hold = ReliabilityScale.Pick(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
        WriteJobs("state/rhythm.db");
        using var host = HostRuns.Start(_folder.Path);
        await HostRuns.WaitStartedAsync(host);
        await WaitForRunsAsync(4);

        var during = await HoldAsync(host, hold, () =>
        {
            // Another process, as far as the host is concerned: a connection of this test holding BEGIN EXCLUSIVE.
            var locker = new SqliteConnection($"Data Source={Database};Pooling=False");
            locker.Open();
            using var begin = locker.CreateCommand();
            begin.CommandText = "PRAGMA busy_timeout=5000; BEGIN EXCLUSIVE;";
            begin.ExecuteNonQuery();
            return () =>
            {
                using var commit = locker.CreateCommand();
                commit.CommandText = "COMMIT;";
                commit.ExecuteNonQuery();
                locker.Dispose();
            };
        });

        // Under the store's 30 s busy timeout nothing fails: the host waits, so there is nothing to log.
        await AssertCaughtUpAsync(host, "locked", hold, during, expectErrors: hold >= TimeSpan.FromSeconds(30));
    }

    [Test]
    public async Task ReadOnly_StoreFileCannotBeWritten_HostSurvivesAndCatchesUp()
    {
        var hold = ReliabilityScale.Pick(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(30));
        WriteJobs("state/rhythm.db");
        using var host = HostRuns.Start(_folder.Path);
        await HostRuns.WaitStartedAsync(host);
        await WaitForRunsAsync(4);

        // chmod would not stop the host's open file handles (nor root), so the database and its WAL are made
        // immutable: writes through open handles then fail as on a read-only remount, and new connections open
        // read-only. The shared-memory index is left alone: it is mapped, and a mapping made immutable faults.
        var files = new[] { Database, Database + "-wal" };
        if (!Run("chattr", ["+i", .. files]))
        {
            Assert.Ignore("chattr +i is not available here, so the store cannot be made read-only for this user");
        }

        Run("chattr", ["-i", .. files]);
        var during = await HoldAsync(host, hold, () =>
        {
            Run("chattr", ["+i", .. files]);
            return () => Run("chattr", ["-i", .. files]);
        });

        await AssertCaughtUpAsync(host, "read-only", hold, during);
    }

    [Test]
    public async Task DiskFull_StoreOnAFullFileSystem_HostSurvivesAndCatchesUp()
    {
        var hold = ReliabilityScale.Pick(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(30));
        var mount = _folder.File("disk");
        Directory.CreateDirectory(mount);
        if (Environment.UserName != "root" || !Run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mount))
        {
            Assert.Ignore("mounting a small tmpfs needs root (CAP_SYS_ADMIN); the disk-full case is not run here");
        }

        _mount = mount;
        WriteJobs("disk/rhythm.db");
        using var host = HostRuns.Start(_folder.Path);
        await HostRuns.WaitStartedAsync(host);
        await WaitForRunsAsync(4);

        var filler = Path.Combine(mount, "filler");
        var during = await HoldAsync(host, hold, () =>
        {
            using (var stream = new FileStream(filler, FileMode.Create))
            {
                var block = new byte[64 * 1024];
                try
                {
                    while (true)
                    {
                        stream.Write(block);
                        stream.Flush();
                    }
                }
                catch (IOException)
                {
                    // The disk is full now.
                }
            }

            return () => File.Delete(filler);
        });

        await AssertCaughtUpAsync(host, "disk full", hold, during);
    }

    private void WriteJobs(string store) => File.WriteAllText(_folder.File("jobs.json"), Jobs.Replace("STORE", store, StringComparison.Ordinal));

    private Task WaitForRunsAsync(int runs)
        => Eventually.Until(() => StoreProbe.Finished(Database, "tick") >= runs, $"{runs} runs of 'tick'", TimeSpan.FromSeconds(60));

    /// <summary>Applies a fault, keeps it for <paramref name="hold"/> while checking the host stays up, then clears it.</summary>
    private async Task<FaultWindow> HoldAsync(RhythmProgram host, TimeSpan hold, Func<Action> apply)
    {
        var outputBefore = host.Output.Length;
        var stepsBefore = PidLog.Read(_folder.Path).Count;
        var clear = apply();
        var clock = Stopwatch.StartNew();
        try
        {
            while (clock.Elapsed < hold)
            {
                Assert.That(host.HasExited, Is.False, () => $"the host crashed {clock.Elapsed.TotalSeconds:0.0} s into the fault:\n{HostRuns.Tail(host.Output, 60)}");
                await Task.Delay(200);
            }
        }
        finally
        {
            clear();
        }

        return new FaultWindow(outputBefore, stepsBefore, PidLog.Read(_folder.Path).Count);
    }

    private async Task AssertCaughtUpAsync(RhythmProgram host, string fault, TimeSpan hold, FaultWindow window, bool expectErrors = true)
    {
        var logged = host.Output[window.OutputBefore..];
        var errors = logged.Split('\n').Where(l => l.Contains(" ERROR ", StringComparison.Ordinal) || l.Contains(" WARN ", StringComparison.Ordinal) || l.Contains(" FATAL ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal)).ToList();

        // Catching up: both groups run again and are recorded.
        var ticks = StoreProbe.Finished(Database, "tick");
        var tocks = StoreProbe.Finished(Database, "tock");
        await Eventually.Until(() => StoreProbe.Finished(Database, "tick") >= ticks + 3 && StoreProbe.Finished(Database, "tock") >= tocks + 2,
            "runs after the fault cleared", TimeSpan.FromSeconds(90));
        Assert.That(host.HasExited, Is.False, () => "the host exited after the fault:\n" + HostRuns.Tail(host.Output, 60));
        await HostRuns.StopAsync(host);

        // Complete history: every step process that ran has its run in the store, finished.
        var steps = PidLog.Read(_folder.Path).Where(e => e.Kind == "start").GroupBy(e => e.Group).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var runs = StoreProbe.Runs(Database);
        var recorded = runs.Where(r => r.Outcome is not ("waiting" or "skipped")).GroupBy(r => r.Group).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var stillRunning = runs.Count(r => r.Outcome == "running");
        var ranDuring = window.StepsAfter - window.StepsBefore;
        ReliabilityScale.Report(string.Create(CultureInfo.InvariantCulture,
            $"store fault ({fault}, {hold.TotalSeconds:0} s): host up throughout, {ranDuring} steps ran during the fault, {errors.Count} warning/error lines logged, caught up, {stillRunning} runs left 'running' after a clean stop; steps run {string.Join(", ", steps.Select(s => $"{s.Key} {s.Value}"))}; runs recorded {string.Join(", ", recorded.Select(s => $"{s.Key} {s.Value}"))}; first error: {errors.FirstOrDefault()?.Trim() ?? "none"}"));
        Assert.Multiple(() =>
        {
            Assert.That(StoreProbe.IntegrityCheck(Database), Is.EqualTo("ok"), "integrity_check after the fault");
            if (expectErrors)
            {
                Assert.That(errors, Is.Not.Empty, "nothing was logged while the store failed");
            }

            foreach (var (group, count) in steps)
            {
                Assert.That(recorded.GetValueOrDefault(group), Is.GreaterThanOrEqualTo(count), $"runs of '{group}' whose step ran but that history does not show");
            }
        });
    }

    private static bool Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(info)!;
            process.WaitForExit(10_000);
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private sealed record FaultWindow(int OutputBefore, int StepsBefore, int StepsAfter);
}
