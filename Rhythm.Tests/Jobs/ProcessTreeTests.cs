using System.Globalization;
using System.Text.RegularExpressions;
using Rhythm.Jobs.Processes;
using Rhythm.Model;
using Rhythm.Steps;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Jobs;

/// <summary>Nothing a step starts outlives the step: real process trees, checked in /proc.</summary>
[Platform(Include = "Linux")]
public sealed partial class ProcessTreeTests
{
    private TempFolder _folder = null!;
    private CapturingLogger _logger = null!;
    private RecordingProcessLedger _ledger = null!;
    private ProcessTracker _tracker = null!;
    private ProcessStepRunner _runner = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        _logger = new CapturingLogger();
        _ledger = new RecordingProcessLedger();
        _tracker = new ProcessTracker();
        _runner = new ProcessStepRunner(_tracker, _ledger, TimeProvider.System);
    }

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public async Task Execute_TreeThatIgnoresTermAndEscapesItsSession_TimesOutAndLeavesNothing()
    {
        var pidsFile = _folder.File("pids");
        var grace = TimeSpan.FromMilliseconds(300);
        var step = FixtureStep("escaping-tree.sh", pidsFile) with { Timeout = TimeSpan.FromSeconds(1) };

        var running = _runner.ExecuteAsync(StepContexts.For(step, _folder.Path, _logger, grace), CancellationToken.None).AsTask();

        // While it runs: the daemon really left the step's session and, orphaned, re-parented to this (subreaper) host.
        Assert.That(await Procs.WaitUntilAsync(() => Procs.ReadPids(pidsFile).Count == 6 && _tracker.Count == 1), Is.True);
        var root = _tracker.Running().Single().ProcessId;
        var escaped = Procs.ReadPids(pidsFile).Where(p => Procs.Session(p) is { } s && s != root).ToList();
        Assert.That(escaped, Has.Count.EqualTo(2), "the fixture's daemon did not leave the session");
        Assert.That(escaped.Select(Procs.Parent), Has.Member(Environment.ProcessId));

        var outcome = await running;
        var pids = Procs.ReadPids(pidsFile);
        Assert.That(pids, Has.Count.EqualTo(6), "the fixture did not get to start its whole tree");
        Assert.That(outcome.Status, Is.EqualTo(StepStatus.TimedOut));
        var match = TimedOutMessage().Match(outcome.Message!);
        Assert.That(match.Success, Is.True, outcome.Message);

        // Every process ignores SIGTERM, so the stop took at least the grace period before SIGKILL, and killed them all.
        Assert.That(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(0.2));
        Assert.That(match.Groups[2].Value, Is.EqualTo("6"), outcome.Message);
        Assert.That(pids.Where(Procs.Exists), Is.Empty, "a process of the tree survived, or was left a zombie");
        Assert.That(await Procs.WaitUntilAsync(() => Procs.ZombieChildren().Count == 0), Is.True, "zombies left among the host's children");
        Assert.That(_ledger.List(), Is.Empty);
        Assert.That(_tracker.Count, Is.Zero);
    }

    [Test]
    public async Task Execute_TimeoutWithATermHandlerThatStartsCommands_HandlerRunsOnceToTheEnd()
    {
        var log = _folder.File("cleanup.log");
        var step = FixtureStep("term-cleanup.sh", log) with { Timeout = TimeSpan.FromSeconds(1) };

        var outcome = await _runner.ExecuteAsync(StepContexts.For(step, _folder.Path, _logger, TimeSpan.FromSeconds(5)), CancellationToken.None);

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.TimedOut));
        Assert.That(File.ReadAllLines(log), Is.EqualTo(new[] { "ready", "start", "done" }), "asked to stop once, the handler's own commands are left to finish");
    }

    [Test]
    public async Task Execute_TokenFiresWhileRunning_StopsTheTreeAndReportsCancelled()
    {
        var pidsFile = _folder.File("pids");
        using var cancel = new CancellationTokenSource();
        var context = StepContexts.For(FixtureStep("sleep-tree.sh", pidsFile), _folder.Path, _logger);

        var running = _runner.ExecuteAsync(context, cancel.Token).AsTask();
        Assert.That(await Procs.WaitUntilAsync(() => _logger.Messages.Contains("started")), Is.True, "the step never started");
        await cancel.CancelAsync();
        var outcome = await running;

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Cancelled));
        Assert.That(outcome.Message, Does.Match(@"^cancelled \(stopped after \d+\.\ds\)$"));
        var pids = Procs.ReadPids(pidsFile);
        Assert.That(pids, Has.Count.EqualTo(2));
        Assert.That(pids.Where(Procs.Exists), Is.Empty);
        Assert.That(_tracker.Count, Is.Zero);
    }

    [Test]
    public async Task Execute_MainProcessExitsLeavingABackgroundChild_SucceedsAndStopsTheChild()
    {
        var pidFile = _folder.File("pid");

        var outcome = await _runner.ExecuteAsync(StepContexts.For(FixtureStep("leave-behind.sh", pidFile), _folder.Path, _logger), CancellationToken.None);

        var child = Procs.ReadPids(pidFile).Single();
        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded));
        Assert.That(outcome.OutputTail, Is.EqualTo($"left {child}"));
        Assert.That(Procs.Exists(child), Is.False);
        Assert.That(_logger.Messages, Has.Member("the step's main process ended but left 1 processes running; stopping them"));
    }

    [Test]
    public async Task Execute_DaemonWithEmptyEnvironmentOrphanedToTheHost_IsStoppedWithTheStep()
    {
        var pidFile = _folder.File("pid");

        var outcome = await _runner.ExecuteAsync(StepContexts.For(FixtureStep("env-clearing-daemon.sh", pidFile), _folder.Path, _logger), CancellationToken.None);

        var daemon = Procs.ReadPids(pidFile).Single();
        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded));
        Assert.That(Procs.Exists(daemon), Is.False, "the daemon survived, or was left a zombie");
        Assert.That(_logger.Messages, Has.Member("the step's main process ended but left 1 processes running; stopping them"));
    }

    [Test]
    public async Task Execute_TwoStepsAtOnce_StoppingOneLeavesTheOtherRunning()
    {
        var firstPids = _folder.File("first");
        var secondPids = _folder.File("second");
        using var cancelFirst = new CancellationTokenSource();
        using var cancelSecond = new CancellationTokenSource();
        var firstLogger = new CapturingLogger();
        var first = _runner.ExecuteAsync(StepContexts.For(FixtureStep("sleep-tree.sh", firstPids), _folder.Path, firstLogger), cancelFirst.Token).AsTask();
        var second = _runner.ExecuteAsync(StepContexts.For(FixtureStep("sleep-tree.sh", secondPids), _folder.Path, _logger), cancelSecond.Token).AsTask();
        Assert.That(await Procs.WaitUntilAsync(() => firstLogger.Messages.Contains("started") && _logger.Messages.Contains("started")), Is.True);

        await cancelFirst.CancelAsync();
        await first;

        Assert.That(Procs.ReadPids(firstPids).Where(Procs.Exists), Is.Empty);
        Assert.That(Procs.ReadPids(secondPids).All(p => Procs.State(p) is not null and not 'Z'), Is.True, "the other step's tree was touched");
        await cancelSecond.CancelAsync();
        Assert.That((await second).Status, Is.EqualTo(StepStatus.Cancelled));
    }

    private static StepDefinition FixtureStep(string script, params string[] args) =>
        new() { Name = Path.GetFileNameWithoutExtension(script), Run = Path.Combine(StepContexts.FixturesDirectory, script), Args = args };

    [GeneratedRegex(@"^timed out after 1s \(stopped after (\d+\.\d)s; (\d+) processes killed when the 300ms grace period ended\)$")]
    private static partial Regex TimedOutMessage();
}
