using Rhythm.History;
using Rhythm.Model;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Engine;

[TestFixture]
internal sealed class StepRecordTests : TempFolderFixture
{
    [Test]
    public async Task Run_ThreeSteps_EachStepIsRecordedInOrder()
    {
        var group = EngineHarness.Every("build", TimeSpan.FromMinutes(10)) with { Steps = [Step("fetch"), Step("compile"), Step("publish")] };
        await using var engine = await EngineHarness.StartAsync(EngineHarness.File(Folder, group));

        var run = await engine.WaitForRunAsync("build", r => r.Outcome == RunOutcome.Succeeded, "build to succeed");

        Assert.That(run.Steps.Select(s => s.Name), Is.EqualTo(new[] { "fetch", "compile", "publish" }));
        Assert.That(run.Steps.Select(s => s.Outcome), Is.All.EqualTo("succeeded"));
    }

    [Test]
    public async Task Run_FirstStepFails_FailedStepIsRecordedAndLaterStepsAreNot()
    {
        var group = EngineHarness.Every("build", TimeSpan.FromMinutes(10)) with { Steps = [Step("fetch"), Step("compile")] };
        var script = new StepScript();
        script.Fail("build");
        await using var engine = await EngineHarness.StartAsync(EngineHarness.File(Folder, group), script: script);

        var run = await engine.WaitForRunAsync("build", r => r.Outcome == RunOutcome.Failed, "build to fail");

        Assert.That(run.Steps.Select(s => (s.Name, s.Outcome)), Is.EqualTo(new[] { ("fetch", "failed") }));
    }

    [Test]
    public async Task Run_FailingStepContinuesOnError_BothStepsAreRecorded()
    {
        var group = EngineHarness.Every("build", TimeSpan.FromMinutes(10)) with
        {
            Steps = [Step("fetch") with { ContinueOnError = true }, Step("compile")],
        };
        var script = new StepScript();
        script.Fail("build");
        await using var engine = await EngineHarness.StartAsync(EngineHarness.File(Folder, group), script: script);

        var run = await engine.WaitForRunAsync("build", r => r.Outcome == RunOutcome.Failed, "build to fail");

        Assert.That(run.Steps.Select(s => (s.Name, s.Outcome)), Is.EqualTo(new[] { ("fetch", "failed"), ("compile", "failed") }));
    }

    private static StepDefinition Step(string name) => new() { Name = name, Run = "builtin:scripted" };
}
