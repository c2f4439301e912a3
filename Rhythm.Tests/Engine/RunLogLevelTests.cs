using Microsoft.Extensions.Logging;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Engine;

/// <summary>The level of a run's log lines follows its outcome, so a filter on warnings finds every failure.</summary>
[TestFixture]
internal sealed class RunLogLevelTests : TempFolderFixture
{
    [Test]
    public async Task Runs_FailedTimedOutAndSucceeded_FailuresAreWarningsSuccessesInformation()
    {
        var file = EngineHarness.File(Folder,
            EngineHarness.Every("ok", TimeSpan.FromMinutes(10)),
            EngineHarness.Every("ps", TimeSpan.FromMinutes(10)),
            EngineHarness.Every("tree", TimeSpan.FromMinutes(10)));
        var script = new StepScript();
        script.Fail("ps");
        script.TimeOut("tree");
        using var logs = new ListLoggerProvider();
        await using var engine = await EngineHarness.StartAsync(file, script: script, logs: logs);

        await engine.AdvanceAsync(TimeSpan.FromMinutes(1));

        var lines = logs.Entries.Select(e => (e.Level, Message: e.Message.TrimEnd())).ToList();
        Assert.That(lines, Is.SupersetOf(new[]
        {
            (LogLevel.Warning, "Step 'ps/work' failed in 0 ms scripted failure"),
            (LogLevel.Warning, "Group 'ps' failed in 0 ms step 'work' failed: scripted failure"),
            (LogLevel.Warning, "Step 'tree/work' timed-out in 0 ms scripted timeout"),
            (LogLevel.Warning, "Group 'tree' timed-out in 0 ms step 'work' timed-out: scripted timeout"),
            (LogLevel.Information, "Step 'ok/work' succeeded in 0 ms scripted success"),
            (LogLevel.Information, "Group 'ok' succeeded in 0 ms"),
        }));
    }

    [Test]
    public async Task Run_StepFailsButContinuesOnError_StepLineIsAWarningGroupLineInformation()
    {
        var group = EngineHarness.Every("lenient", TimeSpan.FromMinutes(10));
        group = group with { Steps = [group.Steps[0] with { ContinueOnError = true }] };
        var script = new StepScript();
        script.Fail("lenient");
        using var logs = new ListLoggerProvider();
        await using var engine = await EngineHarness.StartAsync(EngineHarness.File(Folder, group), script: script, logs: logs);

        await engine.AdvanceAsync(TimeSpan.FromMinutes(1));

        var lines = logs.Entries.Select(e => (e.Level, Message: e.Message.TrimEnd())).ToList();
        Assert.That(lines, Is.SupersetOf(new[]
        {
            (LogLevel.Warning, "Step 'lenient/work' failed in 0 ms scripted failure"),
            (LogLevel.Information, "Group 'lenient' succeeded in 0 ms step 'work' failed: scripted failure (continued)"),
        }));
    }
}
