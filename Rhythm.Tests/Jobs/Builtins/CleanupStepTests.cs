using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rhythm.History;
using Rhythm.Jobs.Processes;
using Rhythm.Jobs.Processes.Linux;
using Rhythm.Model;
using Rhythm.Steps;

namespace Rhythm.Tests.Jobs.Builtins;

/// <summary>builtin:cleanup on a real store and real processes.</summary>
public sealed class CleanupStepTests
{
    private BuiltinsHost _host = null!;
    private DateTimeOffset _now;
    private List<Process> _started = null!;
    private List<int> _orphans = null!;

    [SetUp]
    public void SetUp()
    {
        _host = new BuiltinsHost(TimeProvider.System);
        _now = TimeProvider.System.GetUtcNow();
        _started = [];
        _orphans = [];

        // As in the host: orphans of the test re-parent here, where the sweep can reap them.
        if (OperatingSystem.IsLinux())
        {
            LinuxHost.EnsureSubreaper();
        }
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (var process in _started)
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        foreach (var pid in _orphans.Where(p => OperatingSystem.IsLinux() && Procs.Exists(p)))
        {
            if (!OperatingSystem.IsLinux())
            {
                break;
            }

            LinuxNative.Signal(pid, LinuxNative.SigKill);
            await Procs.WaitUntilAsync(() => Procs.State(pid) is null or 'Z');
            LinuxNative.TryReap(pid);
        }

        _host.Dispose();
    }

    [Test]
    public async Task Execute_OldHistoryAndMetrics_PrunesPastRetentionAndCompacts()
    {
        SeedRetention();

        var outcome = await _host.RunAsync("cleanup");

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded));
        Assert.That(outcome.Message, Is.EqualTo(
            "pruned 3 runs older than 30d and 4 samples older than 14d; stopped 0 processes that outlived their step; compacted the store"));
        Assert.That(_host.History.Runs(DateTimeOffset.MinValue).Select(r => r.Reason), Is.EquivalentTo(new[] { "recent", "recent" }));
        Assert.That(_host.History.Metrics(DateTimeOffset.MinValue).Select(m => m.Cpu), Is.EqualTo(new[] { 2.0, 2.0 }));
        Assert.That(_host.Logger.Contains(LogLevel.Information, "cleanup: " + outcome.Message), Is.True);
    }

    [Test]
    public async Task Execute_ShorterRetentionInJobsJson_PrunesMore()
    {
        _host.Dispose();
        _host = new BuiltinsHost(TimeProvider.System, new RhythmSettings { KeepHistory = TimeSpan.FromDays(5), KeepMetrics = TimeSpan.FromHours(12) });
        SeedRetention();

        var outcome = await _host.RunAsync("cleanup", """{ "compact": false }""");

        Assert.That(outcome.Message, Is.EqualTo("pruned 5 runs older than 5d and 6 samples older than 12h; stopped 0 processes that outlived their step"));
        Assert.That(_host.History.Runs(DateTimeOffset.MinValue), Is.Empty);
    }

    [Test]
    public async Task Execute_DryRun_PrunesNothing()
    {
        SeedRetention();

        var outcome = await _host.RunAsync("cleanup", dryRun: true);

        Assert.That(outcome.Message, Is.EqualTo("would prune runs older than 30d and samples older than 14d; stop processes that outlived their step; compact the store"));
        Assert.That(_host.History.Runs(DateTimeOffset.MinValue), Has.Count.EqualTo(5));
        Assert.That(_host.History.Metrics(DateTimeOffset.MinValue), Has.Count.EqualTo(6));
    }

    [Test]
    [Platform(Include = "Linux")]
    public async Task Execute_ProcessOutlivedItsStep_StopsItAndForgetsIt()
    {
        var (pid, start) = await StartOrphanAsync();
        var ledger = _host.Services.GetRequiredService<IProcessLedger>();
        ledger.Add(new ProcessRecord(pid, start, "performance", "routing-optimisation", Environment.ProcessId));

        var outcome = await _host.RunAsync("cleanup", """{ "compact": false }""");

        Assert.That(outcome.Message, Is.EqualTo(
            $"pruned 0 runs older than 30d and 0 samples older than 14d; stopped 1 process that outlived their step (pid {pid})"));
        Assert.That(await Procs.WaitUntilAsync(() => !Procs.Exists(pid)), Is.True, "stopped and reaped");
        Assert.That(ledger.List(), Is.Empty);
    }

    [Test]
    [Platform(Include = "Linux")]
    public async Task Execute_StepStillRunning_LeavesItsProcessAlone()
    {
        var (pid, start) = await StartOrphanAsync();
        var ledger = _host.Services.GetRequiredService<IProcessLedger>();
        var record = new ProcessRecord(pid, start, "performance", "routing-optimisation", Environment.ProcessId);
        ledger.Add(record);
        var tracker = _host.Services.GetRequiredService<ProcessTracker>();
        var step = new TrackedStep("performance", "routing-optimisation", pid, start, "running:1");
        tracker.Add(step);
        try
        {
            var outcome = await _host.RunAsync("cleanup", """{ "compact": false }""");

            Assert.That(outcome.Message, Does.Contain("; stopped 0 processes that outlived their step"));
            Assert.That(Procs.State(pid), Is.Not.Null.And.Not.EqualTo('Z'));
            Assert.That(ledger.List(), Is.EqualTo(new[] { record }));
        }
        finally
        {
            tracker.Remove(step);
        }
    }

    [Test]
    [Platform(Include = "Linux")]
    public async Task Execute_KillPattern_KillsOnlyMatchingProcessesOlderThanTheLimit()
    {
        var marker = Marker();
        var old = StartSleep($"{marker}1");
        await Task.Delay(TimeSpan.FromMilliseconds(1300));
        var young = StartSleep($"{marker}2");
        var bystander = StartSleep($"{marker}9");
        var pattern = $@"^sleep {Regex.Escape(marker)}[12]$";

        var outcome = await _host.RunAsync("cleanup", $$"""{ "killPattern": "{{pattern.Replace(@"\", @"\\", StringComparison.Ordinal)}}", "olderThan": "1s", "compact": false }""");

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded));
        Assert.That(outcome.Message, Is.EqualTo(
            $"pruned 0 runs older than 30d and 0 samples older than 14d; stopped 0 processes that outlived their step; killed 1 process matching '{pattern}' older than 1s (pid {old.Id})"));
        Assert.That(old.WaitForExit(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(young.HasExited, Is.False, "too young");
        Assert.That(bystander.HasExited, Is.False, "does not match");
        Assert.That(_host.Logger.Entries, Has.Some.Matches<(LogLevel Level, string Message)>(
            e => e.Level == LogLevel.Warning && e.Message.StartsWith($"cleanup: killed pid {old.Id} (sleep {marker}1): it matched the kill pattern and ran for ", StringComparison.Ordinal)));
    }

    [Test]
    [Platform(Include = "Linux")]
    public async Task Execute_KillPatternMatchesTheHostItsAncestorsAndARunningStep_NeverListsThem()
    {
        var marker = Marker();
        var free = StartSleep($"{marker}1");
        var stepProcess = StartSleep($"{marker}2", treeId: "running:7");
        var tracker = _host.Services.GetRequiredService<ProcessTracker>();
        var step = new TrackedStep("performance", "long-step", stepProcess.Id, Procs.StartTicks(stepProcess.Id), "running:7");
        tracker.Add(step);
        var self = Environment.ProcessId;
        var parent = Procs.Parent(self)!.Value;
        var pattern = string.Join("|", Regex.Escape(CommandLine(self)), Regex.Escape(CommandLine(parent)), $@"^sleep {Regex.Escape(marker)}\d$");
        await Task.Delay(TimeSpan.FromMilliseconds(50));
        try
        {
            // Dry run: it lists what it would kill through the same search, and a bug here must not kill the test run.
            var outcome = await _host.RunAsync("cleanup", $$"""{ "killPattern": {{System.Text.Json.JsonSerializer.Serialize(pattern)}}, "olderThan": "10ms" }""", dryRun: true);

            var listed = Regex.Match(outcome.Message!, @"kill \d+ process(?:es)? matching .* older than 10ms \(pid ([\d, ]+)\)").Groups[1].Value
                .Split(", ", StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
            Assert.That(listed, Does.Contain(free.Id), outcome.Message);
            Assert.That(listed, Does.Not.Contain(self).And.Not.Contain(parent).And.Not.Contain(stepProcess.Id));
            Assert.That(free.HasExited, Is.False, "a dry run kills nothing");
        }
        finally
        {
            tracker.Remove(step);
        }
    }

    [TestCase("""{ "killPattern": "([a-z" }""", "builtin:cleanup: option 'killPattern' is not a valid regular expression (")]
    [TestCase("""{ "olderThan": "2h" }""", "builtin:cleanup: option 'olderThan' only applies with 'killPattern', which is not set")]
    [TestCase("""{ "compact": "yes" }""", "builtin:cleanup: option 'compact' must be true or false, found \"yes\"")]
    [TestCase("""{ "killPatern": "python" }""", "builtin:cleanup: unknown option 'killPatern' in \"with\". Did you mean 'killPattern'? Known options: killPattern, olderThan, compact")]
    public async Task Execute_BadWith_FailsNamingTheOptionAndPrunesNothing(string with, string message)
    {
        SeedRetention();

        var outcome = await _host.RunAsync("cleanup", with);

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Failed));
        Assert.That(outcome.Message, Does.StartWith(message));
        Assert.That(_host.History.Runs(DateTimeOffset.MinValue), Has.Count.EqualTo(5));
    }

    [Test]
    public void Execute_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.That(async () => await _host.RunAsync("cleanup", cancellationToken: cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    /// <summary>Three runs 40 days old and two 10 days old; four samples 20 days old and two a day old.</summary>
    private void SeedRetention()
    {
        for (var i = 0; i < 3; i++)
        {
            _host.Run("health-check", _now - TimeSpan.FromDays(40) + TimeSpan.FromMinutes(i * 10), TimeSpan.Zero, TimeSpan.FromSeconds(1), RunOutcome.Succeeded, "old");
            _host.Sample(_now - TimeSpan.FromDays(20) + TimeSpan.FromMinutes(i), 1, 1);
        }

        _host.Sample(_now - TimeSpan.FromDays(20) + TimeSpan.FromMinutes(5), 1, 1);
        for (var i = 0; i < 2; i++)
        {
            _host.Run("health-check", _now - TimeSpan.FromDays(10) + TimeSpan.FromMinutes(i * 10), TimeSpan.Zero, TimeSpan.FromSeconds(1), RunOutcome.Succeeded, "recent");
            _host.Sample(_now - TimeSpan.FromDays(1) + TimeSpan.FromMinutes(i), 2, 2);
        }
    }

    /// <summary>A sleep argument no other process on the machine has, so the tests' patterns match only their own.</summary>
    private static string Marker() => string.Create(CultureInfo.InvariantCulture, $"1000.{Environment.ProcessId}{Random.Shared.Next(100_000, 999_999)}");

    private Process StartSleep(string seconds, string? treeId = null)
    {
        var info = new ProcessStartInfo("sleep", [seconds]) { UseShellExecute = false };
        if (treeId is not null)
        {
            info.Environment[StepEnvironment.TreeVariable] = treeId;
        }

        var process = Process.Start(info)!;
        _started.Add(process);
        return process;
    }

    /// <summary>Starts a sleep in a session of its own from a launcher that exits at once, as a step's left-behind daemon would be.</summary>
    private async Task<(int Pid, long Start)> StartOrphanAsync()
    {
        var marker = Marker();
        var info = new ProcessStartInfo("bash", ["-c", "setsid sleep \"$0\" &", marker]) { UseShellExecute = false };
        info.Environment[StepEnvironment.TreeVariable] = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}:999999");
        using (var launcher = Process.Start(info)!)
        {
            await launcher.WaitForExitAsync();
        }

        var pid = 0;
        Assert.That(await Procs.WaitUntilAsync(() => (pid = FindByCommandLine("sleep " + marker)) != 0), Is.True, "the orphan started");
        _orphans.Add(pid);
        return (pid, Procs.StartTicks(pid));
    }

    private static int FindByCommandLine(string commandLine)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && CommandLine(pid) == commandLine)
            {
                return pid;
            }
        }

        return 0;
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").TrimEnd('\0').Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }
}
