using Rhythm.Tests.Support;

namespace Rhythm.Tests.Control;

/// <summary>A pause lives in the store: it outlives the host, and a schedule change that rebuilds the group's trigger.</summary>
[TestFixture]
[Platform("Linux")]
internal sealed class PauseAcrossRestartTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        Scripts.Write(_folder);
        File.WriteAllText(RunningHost.JobsPath(_folder), Scripts.JobsJson(Scripts.Group("clock", "1s"), Scripts.Group("tick", "1s")));
    }

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public async Task PausedGroup_AfterRestartsWithAndWithoutAScheduleChange_StaysPausedAndDoesNotRun()
    {
        var runs = StoreRuns.For(RunningHost.JobsPath(_folder));
        using (var first = await RunningHost.StartAsync(_folder))
        {
            await Eventually.Until(() => runs.Succeeded("tick") >= 1, "tick's first run", Limit);
            var (exitCode, _, error) = await first.CliAsync("pause", "tick");
            Assert.That(exitCode, Is.Zero, error);
            Assert.That(await first.StopAsync(), Is.Zero, first.Program.Output);
        }

        // The second restart changes tick's interval, so the reconciler rebuilds its trigger rather than keeping it.
        foreach (var tickEvery in new[] { "1s", "2s" })
        {
            File.WriteAllText(RunningHost.JobsPath(_folder), Scripts.JobsJson(Scripts.Group("clock", "1s"), Scripts.Group("tick", tickEvery)));
            var startedAt = DateTimeOffset.UtcNow;
            using var host = await RunningHost.StartAsync(_folder);

            Assert.That(await host.StateOfAsync("tick"), Is.EqualTo("paused"), $"after a restart with tick every {tickEvery}");
            await Eventually.Until(() => runs.StartedAfter("clock", startedAt) >= 3, "three runs of clock after the restart", Limit);
            Assert.That(runs.StartedAfter("tick", startedAt), Is.Zero, $"tick ran while paused, after a restart with tick every {tickEvery}");
            Assert.That(await host.StopAsync(), Is.Zero, host.Program.Output);
        }

        using var last = await RunningHost.StartAsync(_folder);
        var resumedAt = DateTimeOffset.UtcNow;
        var (resumeExit, _, resumeError) = await last.CliAsync("resume", "tick");

        Assert.That(resumeExit, Is.Zero, resumeError);
        await Eventually.Until(() => runs.StartedAfter("tick", resumedAt) >= 1, "tick to run once resumed", Limit);
        Assert.That(await last.StateOfAsync("tick"), Is.Not.EqualTo("paused"));
    }
}
