using Rhythm.History;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Engine;

[TestFixture]
internal sealed class DependencyTests : TempFolderFixture
{
    [Test]
    public async Task Dependant_DependencyFails_WaitsAndNeverRuns()
    {
        var file = EngineHarness.File(Folder,
            EngineHarness.Every("health", TimeSpan.FromMinutes(1)),
            EngineHarness.Every("performance", TimeSpan.FromMinutes(1), "health"));
        var script = new StepScript();
        script.Fail("health");
        await using var engine = await EngineHarness.StartAsync(file, script: script);

        var waiting = await engine.WaitForRunAsync("performance", r => r.Outcome == RunOutcome.Waiting, "performance to wait");
        Assert.That(waiting.Reason, Does.Contain("waiting for 'health' (no success yet)"));
        await engine.WaitForRunAsync("health", r => r.Outcome == RunOutcome.Failed, "health to fail");

        await engine.AdvanceAsync(TimeSpan.FromMinutes(3));
        await Eventually.Until(() => engine.History.Recent("health", 50).Count(r => r.Outcome == RunOutcome.Failed) >= 3, "three failed health runs");

        Assert.That(script.CallsOf("performance"), Is.Empty, "a dependant must never run on failed input");
        Assert.That(engine.States.Get("performance").IsWaiting, Is.True);
    }

    [Test]
    public async Task Dependant_DependencySucceedsAfterFailing_RunsRightAfterIt()
    {
        var file = EngineHarness.File(Folder,
            EngineHarness.Every("health", TimeSpan.FromMinutes(10)),
            EngineHarness.Every("performance", TimeSpan.FromMinutes(30), "health"));
        var script = new StepScript();
        script.Fail("health");
        await using var engine = await EngineHarness.StartAsync(file, script: script);
        await engine.WaitForRunAsync("performance", r => r.Outcome == RunOutcome.Waiting, "performance to wait");
        await engine.WaitForRunAsync("health", r => r.Outcome == RunOutcome.Failed, "health to fail");

        script.Succeed("health");
        await engine.AdvanceAsync(TimeSpan.FromMinutes(10));

        var run = await engine.WaitForRunAsync("performance", r => r.Outcome == RunOutcome.Succeeded, "performance to run");
        var health = engine.History.Recent("health", 10).First(r => r.Outcome == RunOutcome.Succeeded);
        Assert.Multiple(() =>
        {
            Assert.That(run.Cause, Is.EqualTo(RunCause.Dependency));
            Assert.That(run.StartedAt, Is.GreaterThanOrEqualTo(health.EndedAt!.Value));
            Assert.That(run.StartedAt - health.EndedAt, Is.LessThan(TimeSpan.FromSeconds(10)), "released right after the dependency succeeded");
            Assert.That(engine.States.Get("performance").IsWaiting, Is.False);
        });
    }

    [Test]
    public async Task Dependant_NotWaiting_DependencySuccessDoesNotRunItAgain()
    {
        var file = EngineHarness.File(Folder,
            EngineHarness.Every("health", TimeSpan.FromMinutes(10)),
            EngineHarness.Every("performance", TimeSpan.FromMinutes(30), "health"));
        await using var engine = await EngineHarness.StartAsync(file);
        await engine.WaitForRunAsync("performance", r => r.Outcome == RunOutcome.Succeeded, "performance's first run");

        await engine.AdvanceAsync(TimeSpan.FromMinutes(25));
        await Eventually.Until(() => engine.History.Recent("health", 50).Count(r => r.Outcome == RunOutcome.Succeeded) >= 3, "health at 0, 10 and 20 minutes");

        Assert.That(engine.Script.CallsOf("performance"), Has.Count.EqualTo(1), "health's later successes must not re-run performance before its own time");
    }
}
