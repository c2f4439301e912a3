using System.Runtime.Versioning;
using System.Text.Json;
using Rhythm.History;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Control;

/// <summary>trigger, pause and resume against a real running host, through the CLI and the raw endpoint.</summary>
[TestFixture]
[Platform("Linux")]
[SupportedOSPlatform("linux")]
internal sealed class ControlEndpointTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        Scripts.Write(_folder);
        File.WriteAllText(RunningHost.JobsPath(_folder), Scripts.JobsJson(
            Scripts.Group("clock", "1s"),
            Scripts.Group("tick", "1s"),
            Scripts.Group("hourly", "1h"),
            """
            { "name": "failing", "every": "1h", "priority": "critical",
              "steps": [ { "name": "fail", "run": "scripts/fail.sh" } ] }
            """,
            Scripts.Group("after-failing", "1h", "failing")));
    }

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public async Task Trigger_WithToken_RunsTheGroupNowAndHistoryShowsAManualRun()
    {
        using var host = await RunningHost.StartAsync(_folder);
        var runs = StoreRuns.For(RunningHost.JobsPath(_folder));
        await Eventually.Until(() => runs.Succeeded("hourly") == 1, "hourly's first run, at start", Limit);

        var (exitCode, output, error) = await host.CliAsync("trigger", "hourly");

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output, Does.Contain("group 'hourly' triggered"));
        var manual = await Eventually.WaitFor(
            () => runs.Of("hourly").FirstOrDefault(r => r.Cause == RunCause.Manual && r.Outcome == RunOutcome.Succeeded),
            "a manual run of hourly", Limit);
        Assert.That(manual.Steps.Single().ExitCode, Is.Zero);
        var history = await RhythmProgram.JsonAsync(_folder.Path, "history", "--jobs", "jobs.json", "--group", "hourly");
        Assert.That(history.EnumerateArray().Select(r => r.GetProperty("cause").GetString()), Does.Contain("manual"));
    }

    [Test]
    public async Task Trigger_DependencyNotMet_WaitsUnlessForced()
    {
        using var host = await RunningHost.StartAsync(_folder);
        var runs = StoreRuns.For(RunningHost.JobsPath(_folder));
        await Eventually.Until(() => runs.Of("failing").Any(r => r.Outcome == RunOutcome.Failed), "failing's first run", Limit);

        var (waitExit, _, waitError) = await host.CliAsync("trigger", "after-failing");
        Assert.That(waitExit, Is.Zero, waitError);
        await Eventually.Until(
            () => runs.Of("after-failing").Any(r => r.Cause == RunCause.Manual && r.Outcome == RunOutcome.Waiting),
            "the manual fire to wait for 'failing'", Limit);

        var (forceExit, forceOutput, forceError) = await host.CliAsync("trigger", "after-failing", "--force");

        Assert.That(forceExit, Is.Zero, forceError);
        Assert.That(forceOutput, Does.Contain("without waiting for its dependencies"));
        await Eventually.Until(
            () => runs.Of("after-failing").Any(r => r.Cause == RunCause.Manual && r.Outcome == RunOutcome.Succeeded),
            "a forced run of after-failing", Limit);
    }

    [Test]
    public async Task PauseAndResume_WithToken_StopTheGroupAndStartItAgain()
    {
        using var host = await RunningHost.StartAsync(_folder);
        var runs = StoreRuns.For(RunningHost.JobsPath(_folder));
        await Eventually.Until(() => runs.Succeeded("tick") >= 1, "tick's first run", Limit);

        var (pauseExit, pauseOutput, pauseError) = await host.CliAsync("pause", "tick");
        var pausedAt = DateTimeOffset.UtcNow;

        Assert.That(pauseExit, Is.Zero, pauseError);
        Assert.That(pauseOutput, Does.Contain("paused 'tick'"));
        Assert.That(await host.StateOfAsync("tick"), Is.EqualTo("paused"));
        await Eventually.Until(() => runs.StartedAfter("clock", pausedAt) >= 3, "three more runs of clock", Limit);
        Assert.That(runs.StartedAfter("tick", pausedAt), Is.Zero, "a paused group must not run");

        var (resumeExit, resumeOutput, resumeError) = await host.CliAsync("resume", "tick");
        var resumedAt = DateTimeOffset.UtcNow;

        Assert.That(resumeExit, Is.Zero, resumeError);
        Assert.That(resumeOutput, Does.Contain("resumed 'tick'"));
        Assert.That(await host.StateOfAsync("tick"), Is.Not.EqualTo("paused"));
        await Eventually.Until(() => runs.StartedAfter("tick", resumedAt) >= 1, "tick to run again", Limit);
        Assert.That(host.Program.Output, Does.Contain("Control request from 127.0.0.1:").And.Contain("paused 'tick'"));
    }

    [Test]
    public async Task PauseAll_ThenResumeAll_CoversEveryGroup()
    {
        using var host = await RunningHost.StartAsync(_folder);

        var (pauseExit, pauseOutput, pauseError) = await host.CliAsync("pause", "--all");

        Assert.That(pauseExit, Is.Zero, pauseError);
        Assert.That(pauseOutput, Does.Contain("paused 'clock', 'tick', 'hourly', 'failing', 'after-failing'"));
        var states = (await host.StatusAsync()).GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("state").GetString());
        Assert.That(states, Is.All.EqualTo("paused"));

        var (resumeExit, _, resumeError) = await host.CliAsync("resume", "--all");

        Assert.That(resumeExit, Is.Zero, resumeError);
        states = (await host.StatusAsync()).GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("state").GetString());
        Assert.That(states, Has.None.EqualTo("paused"));
    }

    [TestCase(null, "no token")]
    [TestCase("not-the-token", "wrong token")]
    public async Task Mutation_WithoutTheRightToken_Is401AndChangesNothing(string? token, string reason)
    {
        using var host = await RunningHost.StartAsync(_folder);

        var pause = await host.PostAsync("/groups/tick/pause", token);
        var pauseAll = await host.PostAsync("/pause-all", token);
        var trigger = await host.PostAsync("/groups/hourly/trigger?force=true", token);

        Assert.Multiple(() =>
        {
            Assert.That(pause.Status, Is.EqualTo(401));
            Assert.That(pauseAll.Status, Is.EqualTo(401));
            Assert.That(trigger.Status, Is.EqualTo(401));
            Assert.That(pause.Body, Does.Contain($"unauthorized ({reason})").And.Contain(host.Announcement.TokenFile));
        });
        var states = (await host.StatusAsync()).GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("state").GetString());
        Assert.That(states, Has.None.EqualTo("paused"));
        var runs = StoreRuns.For(RunningHost.JobsPath(_folder));
        Assert.That(runs.Of("hourly").Where(r => r.Cause == RunCause.Manual), Is.Empty);
        await Eventually.Until(
            () => host.Program.Output.Contains($"Control request POST /groups/tick/pause from 127.0.0.1:", StringComparison.Ordinal)
                && host.Program.Output.Contains($"refused: {reason}; nothing was changed", StringComparison.Ordinal),
            "the warning naming the caller and the route", Limit);
        Assert.That(host.Program.Output, Does.Contain("WARN").And.Contain("POST /pause-all from 127.0.0.1:"));
    }

    [Test]
    public async Task Status_WithoutToken_IsOpenAndRefusesForeignHostNames()
    {
        using var host = await RunningHost.StartAsync(_folder);

        var (status, body) = await host.GetAsync("/status");
        var (foreign, _) = await host.GetAsync("/status", hostHeader: "rebound.example:80");

        Assert.That(status, Is.EqualTo(200));
        using var document = JsonDocument.Parse(body);
        Assert.That(document.RootElement.GetProperty("groups").GetArrayLength(), Is.EqualTo(5));
        Assert.That(document.RootElement.GetProperty("jobsFile").GetString(), Is.EqualTo(RunningHost.JobsPath(_folder)));
        Assert.That(foreign, Is.EqualTo(421));
    }

    [Test]
    public async Task UnknownGroup_Is404WithTheKnownGroups()
    {
        using var host = await RunningHost.StartAsync(_folder);

        var (status, body) = await host.PostAsync("/groups/nope/pause", host.Token);
        var (exitCode, _, error) = await host.CliAsync("trigger", "nope");

        var expected = $"there is no group 'nope' in {RunningHost.JobsPath(_folder)}. Groups: clock, tick, hourly, failing, after-failing";
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(404));
            Assert.That(body, Does.Contain(expected));
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(error.Trim(), Is.EqualTo($"rhythm: {expected}"));
        });
    }

    [Test]
    public async Task Verbs_NoRunningHost_SayHowToStartOne()
    {
        var (exitCode, _, error) = await RhythmProgram.RunAsync(_folder.Path, "pause", "tick", "--jobs", "jobs.json");

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error.Trim(), Is.EqualTo($"rhythm: no running host for {RunningHost.JobsPath(_folder)}: start it with 'rhythm run'"));
    }

    [Test]
    public async Task Verbs_AfterTheHostStopped_SayHowToStartOneAndTheAnnouncementIsGone()
    {
        var host = await RunningHost.StartAsync(_folder);
        using (host)
        {
            Assert.That(await host.StopAsync(), Is.Zero, host.Program.Output);
        }

        var (exitCode, _, error) = await RhythmProgram.RunAsync(_folder.Path, "resume", "--all", "--jobs", "jobs.json");

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(_folder.File("jobs.control.json")), Is.False);
            Assert.That(File.Exists(_folder.File("jobs.control.token")), Is.False);
            Assert.That(exitCode, Is.EqualTo(1));
            Assert.That(error, Does.Contain("no running host for"));
        });
    }

    [Test]
    public async Task TokenFile_IsReadableByItsOwnerOnly()
    {
        using var host = await RunningHost.StartAsync(_folder);

        var mode = File.GetUnixFileMode(host.Announcement.TokenFile);

        Assert.That(mode, Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(host.Token, Has.Length.EqualTo(64));
    }

    [Test]
    public async Task Verb_WithGroupAndAll_IsAUsageError()
    {
        var (exitCode, _, error) = await RhythmProgram.RunAsync(_folder.Path, "pause", "tick", "--all", "--jobs", "jobs.json");

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error, Does.Contain("'pause' takes either a group or --all"));
    }
}
