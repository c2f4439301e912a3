using Microsoft.Extensions.Logging;
using Rhythm.Simulation;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Engine;

/// <summary>What start-up says it did to the stored schedule, group by group.</summary>
[TestFixture]
internal sealed class ReconcileLogTests : TempFolderFixture
{
    [Test]
    public async Task Restart_FileChangedWhileStopped_NamesAddedChangedAndRemovedGroups()
    {
        var ten = TimeSpan.FromMinutes(10);
        var time = new VirtualTimeProvider(EngineHarness.Monday9);
        var script = new StepScript();
        var first = EngineHarness.File(Folder,
            EngineHarness.Every("health-check", ten), EngineHarness.Every("old-report", ten), EngineHarness.Every("steady", ten));
        using (var logs = new ListLoggerProvider())
        {
            await using var engine = await EngineHarness.StartAsync(first, time, script, logs: logs);
            await engine.SettleAsync();
            Assert.That(Reconciled(logs), Is.EqualTo(new[] { $"Schedule reconciled from {first.SourcePath}: added health-check, old-report, steady; 0 kept" }));
        }

        var second = first with
        {
            Groups = [EngineHarness.Every("backup", TimeSpan.FromHours(1)), EngineHarness.Every("health-check", TimeSpan.FromMinutes(5)), EngineHarness.Every("steady", ten)],
        };
        using (var logs = new ListLoggerProvider())
        {
            await using var engine = await EngineHarness.StartAsync(second, time, script, logs: logs);
            Assert.That(Reconciled(logs), Is.EqualTo(new[]
            {
                $"Schedule reconciled from {first.SourcePath}: added backup; changed health-check (every 10m -> 5m); removed old-report; 1 kept",
            }));
        }
    }

    private static List<string> Reconciled(ListLoggerProvider logs)
        => logs.Entries.Where(e => e.Level == LogLevel.Information && e.Message.StartsWith("Schedule reconciled", StringComparison.Ordinal)).Select(e => e.Message).ToList();
}
