using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;
using Rhythm.Adaptive;
using Rhythm.Control;
using Rhythm.Model;
using Rhythm.Reload;
using Rhythm.Scheduling;
using Rhythm.Status;
using Rhythm.Steps;
using Rhythm.Store;
using Rhythm.Tests.Adaptive;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Reload;

/// <summary>One look at jobs.json on disk, against the real engine on a real store; no file watcher involved.</summary>
[TestFixture]
internal sealed class JobsFileReloaderTests
{
    private static readonly StepRegistration[] Builtins = [new("scripted")];
    private TempFolder _folder = null!;
    private string _path = null!;
    private EngineHarness _harness = null!;
    private ListLogger<JobsFileReloader> _log = null!;
    private JobsFileReloader _reloader = null!;

    [SetUp]
    public async Task SetUp()
    {
        _folder = new TempFolder();
        _path = _folder.File("jobs.json");
        Write(Jobs(Group("health", "10m"), Group("old", "10m")));
        _harness = await EngineHarness.StartAsync(JobsFileReader.Read(_path, Builtins).GetFileOrThrow());
        _log = new ListLogger<JobsFileReloader>();
        var services = _harness.Services;
        _reloader = new JobsFileReloader(
            services.GetRequiredService<RhythmModel>(),
            _harness.Engine,
            services.GetRequiredService<AdaptiveRetimer>(),
            services.GetRequiredService<RhythmStore>(),
            services.GetRequiredService<ScheduleChanges>(),
            _harness.Time,
            _log);
        _reloader.Start(_path);

        // New groups fire at once; let those first runs finish so that fire times hold still.
        await _harness.SettleAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _harness.DisposeAsync();
        _folder.Dispose();
    }

    [Test]
    public async Task Reload_ValidChange_AddsAndRemovesGroupsAndKeepsTheUnchangedOnesRhythm()
    {
        var healthNext = await NextFire("health");
        Write(Jobs(Group("health", "10m"), Group("new", "5m")));

        var outcome = await _reloader.ReloadAsync(CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(ReloadOutcome.Applied));
        Assert.That(await Scheduled(), Is.EquivalentTo(new[] { "health", "new" }));
        Assert.That(await NextFire("health"), Is.EqualTo(healthNext), "an unchanged group keeps its next fire time");
        Assert.That(Messages(LogLevel.Information), Does.Contain(
            $"{_path} changed and was applied: added new; removed old; 1 kept; running steps are untouched"));
        Assert.That(Status().FileRejected, Is.Null);
    }

    [Test]
    public async Task Reload_IntervalChangedGroupAddedAndOneRemoved_NamesEachGroupAndTheNewInterval()
    {
        Write(Jobs(Group("health", "5m"), Group("backup", "1h")));

        var outcome = await _reloader.ReloadAsync(CancellationToken.None);

        var trigger = (ISimpleTrigger)(await _harness.Engine.Scheduler.GetTrigger(RhythmKeys.Trigger("health")))!;
        Assert.That(outcome, Is.EqualTo(ReloadOutcome.Applied));
        Assert.That(trigger.RepeatInterval, Is.EqualTo(TimeSpan.FromMinutes(5)));
        Assert.That(Messages(LogLevel.Information), Does.Contain(
            $"{_path} changed and was applied: added backup; changed health (every 10m -> 5m); removed old; 0 kept; running steps are untouched"));
    }

    [Test]
    public async Task Reload_IntervalChangedWhileBusy_NamesTheStretchedIntervalTheGroupNowRunsAt()
    {
        _harness.Load.Set(cpu: 90);
        await _harness.AdvanceAsync(TimeSpan.FromMinutes(2));
        Write(Jobs(Group("health", "20m"), Group("old", "10m")));

        await _reloader.ReloadAsync(CancellationToken.None);
        await _harness.SettleAsync();

        var trigger = (ISimpleTrigger)(await _harness.Engine.Scheduler.GetTrigger(RhythmKeys.Trigger("health")))!;
        Assert.That(trigger.RepeatInterval, Is.EqualTo(TimeSpan.FromMinutes(30)));
        Assert.That(Messages(LogLevel.Information), Does.Contain(
            $"{_path} changed and was applied: changed health (every 10m -> 20m, 30m at the current load); 1 kept; running steps are untouched"));
    }

    [Test]
    public async Task Reload_PriorityAndStepsChanged_NamesThePriorityChangeAndTheGroupWhoseStepsChanged()
    {
        Write(Jobs(
            Group("health", "10m").Replace("\"name\": \"health\",", "\"name\": \"health\", \"priority\": \"critical\",", StringComparison.Ordinal),
            Group("old", "10m").Replace("\"name\": \"work\"", "\"name\": \"renamed\"", StringComparison.Ordinal)));

        await _reloader.ReloadAsync(CancellationToken.None);

        Assert.That(Messages(LogLevel.Information), Does.Contain(
            $"{_path} changed and was applied: changed health (priority medium -> critical), old; 0 kept; running steps are untouched"));
    }

    [Test]
    public async Task Reload_InvalidChange_ChangesNothingLogsEveryProblemAsValidateDoesAndMarksTheStatus()
    {
        Write(Jobs(Group("health", "10 minutes"), Group("old", "10m", "nope")));
        var problems = JobsFileReader.Read(_path, Builtins).Problems.Select(p => p.ToString()).ToList();
        Assert.That(problems, Has.Count.EqualTo(2), "the file has two problems");

        var outcome = await _reloader.ReloadAsync(CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(ReloadOutcome.Rejected));
        Assert.That(await Scheduled(), Is.EquivalentTo(new[] { "health", "old" }));
        Assert.That(Messages(LogLevel.Warning), Is.SupersetOf(problems.Select(p => $"{_path} changed but is invalid: {p}")));
        Assert.That(Messages(LogLevel.Warning), Does.Contain(
            $"{_path} was rejected (2 problem(s)); the host keeps running the last good schedule (2 groups). Fix the file and save it again; 'rhythm validate' shows the same problems"));
        Assert.That(Status().FileRejected?.Split('\n'), Is.EqualTo(new[] { "jobs.json on disk rejected, 2 problems:" }.Concat(problems)),
            "one problem a line, each as 'rhythm validate' prints it");
    }

    [Test]
    public async Task Reload_SameBytesAgain_DoesNothing()
    {
        Write(Jobs(Group("health", "10 minutes")));
        await _reloader.ReloadAsync(CancellationToken.None);
        var lines = _log.Entries.Count;

        var outcome = await _reloader.ReloadAsync(CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(ReloadOutcome.Unchanged));
        Assert.That(_log.Entries, Has.Count.EqualTo(lines), "an editor touching the file again is not a new verdict");
    }

    [Test]
    public async Task Reload_TheStartFileTouched_IsUnchanged()
    {
        File.SetLastWriteTimeUtc(_path, DateTime.UtcNow.AddMinutes(1));

        Assert.That(await _reloader.ReloadAsync(CancellationToken.None), Is.EqualTo(ReloadOutcome.Unchanged));
    }

    [Test]
    public async Task Reload_DeletedThenRecreated_KeepsTheLastGoodScheduleThenAppliesTheNewFile()
    {
        File.Delete(_path);

        var deleted = await _reloader.ReloadAsync(CancellationToken.None);

        Assert.That(deleted, Is.EqualTo(ReloadOutcome.Rejected));
        Assert.That(await Scheduled(), Is.EquivalentTo(new[] { "health", "old" }));
        Assert.That(Messages(LogLevel.Warning), Does.Contain(
            $"{_path} was deleted; the host keeps running the last good schedule (2 groups) until the file is back"));
        Assert.That(Status().FileRejected, Does.StartWith("jobs.json on disk rejected: ").And.Contain("the file does not exist"));

        Write(Jobs(Group("health", "10m"), Group("old", "10m"), Group("back", "10m")));
        var recreated = await _reloader.ReloadAsync(CancellationToken.None);

        Assert.That(recreated, Is.EqualTo(ReloadOutcome.Applied));
        Assert.That(await Scheduled(), Is.EquivalentTo(new[] { "health", "old", "back" }));
        Assert.That(Status().FileRejected, Is.Null);
    }

    [Test]
    public async Task Reload_StartOnlySettingsChanged_AppliesTheGroupsAndNamesEachSettingThatNeedsARestart()
    {
        Write(JobsWith(""" "rhythm": { "maxConcurrency": 8 }, "adaptive": { "busyFactor": 2 }, """, Group("health", "10m"), Group("old", "10m"), Group("new", "10m")));

        var outcome = await _reloader.ReloadAsync(CancellationToken.None);

        var model = _harness.Services.GetRequiredService<RhythmModel>().Current;
        Assert.Multiple(async () =>
        {
            Assert.That(outcome, Is.EqualTo(ReloadOutcome.Applied));
            Assert.That(await Scheduled(), Does.Contain("new"));
            Assert.That(model.Rhythm.MaxConcurrency, Is.EqualTo(4), "the running value stays in force");
            Assert.That(model.Adaptive.BusyFactor, Is.EqualTo(1.5));
            Assert.That(Messages(LogLevel.Warning), Is.SupersetOf(new[]
            {
                $"{_path}: rhythm.maxConcurrency changed from 4 to 8, which takes effect only when the host restarts; until then 4 stays in force",
                $"{_path}: adaptive.busyFactor changed from 1.5 to 2, which takes effect only when the host restarts; until then 1.5 stays in force",
            }));
        });
    }

    [Test]
    public async Task Reload_PausedGroupGetsANewInterval_StaysPaused()
    {
        var control = _harness.Services.GetRequiredService<IRhythmControl>();
        await control.PauseAsync("old");
        Write(Jobs(Group("health", "10m"), Group("old", "20m")));

        var outcome = await _reloader.ReloadAsync(CancellationToken.None);

        var trigger = (ISimpleTrigger)(await _harness.Engine.Scheduler.GetTrigger(RhythmKeys.Trigger("old")))!;
        Assert.That(outcome, Is.EqualTo(ReloadOutcome.Applied));
        Assert.That(trigger.RepeatInterval, Is.EqualTo(TimeSpan.FromMinutes(20)), "the trigger was rebuilt");
        Assert.That(await _harness.Engine.Scheduler.GetTriggerState(trigger.Key), Is.EqualTo(TriggerState.Paused));
        Assert.That(Status().Groups.Single(g => g.Name == "old").State, Is.EqualTo("paused"));
        await Eventually.Until(() => Status().Groups.Single(g => g.Name == "old").CurrentInterval == TimeSpan.FromMinutes(20),
            "status showing the paused group's new interval", TimeSpan.FromSeconds(30));
    }

    [Test]
    public async Task Status_RejectedFileFixedButNotYetReloaded_NoLongerShowsTheOldVerdict()
    {
        Write(Jobs(Group("health", "10 minutes")));
        await _reloader.ReloadAsync(CancellationToken.None);
        Assert.That(Status().FileRejected, Is.Not.Null);

        Write(Jobs(Group("health", "10m"), Group("old", "10m")));

        Assert.That(Status().FileRejected, Is.Null, "the verdict was about other bytes");
    }

    private static string Group(string name, string every, params string[] after) => $$"""
        { "name": "{{name}}", "every": "{{every}}", "after": [{{string.Join(", ", after.Select(a => $"\"{a}\""))}}],
          "steps": [ { "name": "work", "run": "builtin:scripted" } ] }
        """;

    private static string Jobs(params string[] groups) => JobsWith(string.Empty, groups);

    private static string JobsWith(string settings, params string[] groups) => $$"""
        { {{settings}} "groups": [ {{string.Join(",\n", groups)}} ] }
        """;

    private void Write(string json) => File.WriteAllText(_path, json);

    private RhythmStatus Status() => StatusReader.Read(_harness.Services.GetRequiredService<RhythmModel>().Current);

    private List<string> Messages(LogLevel level) => _log.Entries.Where(e => e.Level == level).Select(e => e.Message).ToList();

    private async Task<List<string>> Scheduled()
        => (await _harness.Engine.Scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(RhythmKeys.QuartzGroup))).Select(k => k.Name).ToList();

    private async Task<DateTimeOffset?> NextFire(string group)
        => (await _harness.Engine.Scheduler.GetTrigger(RhythmKeys.Trigger(group)))?.NextFireTimeUtc;
}
