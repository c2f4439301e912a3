using System.Text.Json;
using Rhythm.Tests.Control;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Reload;

/// <summary>Editing jobs.json under a real running host: a valid edit, an invalid one, a delete and re-create.</summary>
[TestFixture]
[Platform("Linux")]
internal sealed class HotReloadTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    // The reload is debounced by 500 ms; "within seconds" is the promise, with room for a loaded test machine.
    private static readonly TimeSpan ReloadLimit = TimeSpan.FromSeconds(20);

    private TempFolder _folder = null!;
    private string _path = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        _path = RunningHost.JobsPath(_folder);
        Scripts.Write(_folder);
    }

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public async Task ValidEdit_GroupAddedAndOneRemoved_IsAppliedWithinSeconds()
    {
        File.WriteAllText(_path, Scripts.JobsJson(Scripts.Group("clock", "1s"), Scripts.Group("old", "1s")));
        var runs = StoreRuns.For(_path);
        using var host = await RunningHost.StartAsync(_folder);
        await Eventually.Until(() => runs.Succeeded("old") >= 1, "old's first run", Limit);

        // As most editors save: write a new file beside it, then rename it over the old one.
        File.WriteAllText(_folder.File(".jobs.json.swp"), Scripts.JobsJson(Scripts.Group("clock", "1s"), Scripts.Group("new", "1s")));
        File.Move(_folder.File(".jobs.json.swp"), _path, overwrite: true);
        var savedAt = DateTimeOffset.UtcNow;

        var firstNew = await Eventually.WaitFor(() => runs.Of("new") is { Count: > 0 } newest ? newest[^1] : null, "the new group's first run", ReloadLimit);
        var appliedBy = firstNew.StartedAt!.Value;
        Assert.That(appliedBy - savedAt, Is.LessThan(ReloadLimit));
        await Eventually.Until(() => runs.StartedAfter("clock", appliedBy) >= 3, "three runs of clock after the reload", Limit);

        Assert.That(runs.StartedAfter("old", appliedBy), Is.Zero, "the removed group must not run");
        var status = await host.StatusAsync();
        var groups = status.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!, g => g.GetProperty("state").GetString());
        Assert.That(groups.Keys, Is.EqualTo(new[] { "clock", "new" }));
        Assert.That(groups.Values, Has.None.EqualTo("not-scheduled"));
        Assert.That(status.GetProperty("fileRejected").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(host.Program.Output, Does.Contain($"{_path} changed and was applied: added new; removed old; 1 kept"));
    }

    [Test]
    public async Task InvalidEdit_KeepsTheOldScheduleRunningAndStatusShowsWhy()
    {
        File.WriteAllText(_path, Scripts.JobsJson(Scripts.Group("clock", "1s")));
        var runs = StoreRuns.For(_path);
        using var host = await RunningHost.StartAsync(_folder);
        await Eventually.Until(() => runs.Succeeded("clock") >= 1, "clock's first run", Limit);

        File.WriteAllText(_path, Scripts.JobsJson(Scripts.Group("clock", "1 second")));
        var rejected = await Eventually.WaitFor(
            () => host.StatusAsync().GetAwaiter().GetResult().GetProperty("fileRejected").GetString(), "status to show the rejection", ReloadLimit);
        var rejectedAt = DateTimeOffset.UtcNow;

        var (validateExit, _, validateError) = await RhythmProgram.RunAsync(_folder.Path, "validate", "--jobs", "jobs.json");
        var problem = validateError.Split('\n')[0].Trim();
        Assert.That(validateExit, Is.EqualTo(2));
        Assert.That(rejected, Is.EqualTo($"jobs.json on disk rejected: {problem}"), "the same message as 'rhythm validate'");
        await Eventually.Until(() => runs.StartedAfter("clock", rejectedAt) >= 2, "clock to keep running on the last good schedule", Limit);
        var (_, text, _) = await host.CliAsync("status");
        Assert.That(text, Does.Contain($"! jobs.json on disk rejected: {problem}"));
        Assert.That(text, Does.Contain("clock"));
        Assert.That(host.Program.Output, Does.Contain($"WARN").And.Contain($"{_path} changed but is invalid: {problem}"));

        File.WriteAllText(_path, Scripts.JobsJson(Scripts.Group("clock", "1s"), Scripts.Group("fixed", "1s")));

        await Eventually.Until(() => runs.Succeeded("fixed") >= 1, "the fixed file to be applied", ReloadLimit);
        Assert.That((await host.StatusAsync()).GetProperty("fileRejected").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task DeletedThenRecreated_KeepsRunningThenAppliesTheNewFile()
    {
        File.WriteAllText(_path, Scripts.JobsJson(Scripts.Group("clock", "1s")));
        var runs = StoreRuns.For(_path);
        using var host = await RunningHost.StartAsync(_folder);
        await Eventually.Until(() => runs.Succeeded("clock") >= 1, "clock's first run", Limit);

        File.Delete(_path);
        var rejected = await Eventually.WaitFor(
            () => host.StatusAsync().GetAwaiter().GetResult().GetProperty("fileRejected").GetString(), "status to show the file is gone", ReloadLimit);
        var deletedAt = DateTimeOffset.UtcNow;

        Assert.That(rejected, Does.StartWith("jobs.json on disk rejected: ").And.Contain("the file does not exist"));
        await Eventually.Until(() => runs.StartedAfter("clock", deletedAt) >= 2, "clock to keep running without its file", Limit);
        Assert.That(host.Program.Output, Does.Contain($"{_path} was deleted; the host keeps running the last good schedule (1 groups)"));
        var (pauseExit, _, pauseError) = await host.CliAsync("pause", "clock");
        Assert.That(pauseExit, Is.Zero, $"control works while the file is gone: {pauseError}");

        File.WriteAllText(_path, Scripts.JobsJson(Scripts.Group("clock", "1s"), Scripts.Group("back", "1s")));

        await Eventually.Until(() => runs.Succeeded("back") >= 1, "the re-created file to be applied", ReloadLimit);
        var status = await host.StatusAsync();
        Assert.That(status.GetProperty("fileRejected").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(await host.StateOfAsync("clock"), Is.EqualTo("paused"), "the pause outlives the reload");
    }
}
